package dev.perfguard.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.slot.RetrievalCheck;
import dev.perfguard.app.slot.SlotRun;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.LessonsEntry;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.LighthouseDiscrepancies;
import dev.perfguard.runbook.incident.IncidentJson;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code perfguard incident ...}: the incident runbook through a running server's REST API. */
@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Works an incident through a perfguard server (perfguard serve).",
                "Token from the environment variable named by --token-env (default PERFGUARD_TOKEN)."},
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Show.class, IncidentCommand.ListIncidents.class,
                IncidentCommand.Transition.class, IncidentCommand.Hypothesis.class, IncidentCommand.DeployNote.class,
                IncidentCommand.Artefact.class, IncidentCommand.LoadTest.class, IncidentCommand.Decide.class,
                IncidentCommand.Task.class, IncidentCommand.Rerun.class, IncidentCommand.Window.class, IncidentCommand.Summary.class,
                IncidentCommand.Close.class, IncidentCommand.Report.class, IncidentCommand.FollowUp.class,
                IncidentCommand.Flags.class, IncidentCommand.RollbackRequest.class, IncidentCommand.RollbackApprove.class,
                IncidentCommand.RollbackDeny.class})
public final class IncidentCommand implements Runnable {
    @Spec CommandSpec spec;
    private final Bootstrap bootstrap;

    IncidentCommand(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --server} and {@code --token-env}. */
    static final class Remote {
        @Option(names = "--server", paramLabel = "URL", description = "perfguard server (default: $PERFGUARD_SERVER or http://127.0.0.1:8080)")
        String server;

        @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "PERFGUARD_TOKEN",
                description = "environment variable holding the API token (default: ${DEFAULT-VALUE})")
        String tokenEnv;

        ApiClient client(Map<String, String> env) {
            String url = server != null ? server : env.getOrDefault("PERFGUARD_SERVER", "http://127.0.0.1:8080");
            String token = env.get(tokenEnv);
            if (token == null || token.isBlank()) {
                throw new PerfguardException(ErrorCode.USAGE, "no API token: set " + tokenEnv
                        + " (create one with 'perfguard tokens create --role responder --name NAME')");
            }
            return new ApiClient(url, Optional.of(token.strip()));
        }
    }

    /** Base of the subcommands: the client and a one-line echo of what changed. */
    abstract static class Sub implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Remote remote;
        @Option(names = "--json", description = "print the server's JSON answer") boolean json;

        abstract Bootstrap bootstrap();

        ApiClient client() {
            return remote.client(bootstrap().env());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int printRollback(JsonNode answer) {
            if (json) {
                out().println(answer.toPrettyString());
                out().flush();
                return 0;
            }
            out().println("rollback " + rollbackLine(answer.path("rollback")));
            return printChange(answer);
        }

        int printChange(JsonNode answer) {
            if (json) {
                out().println(answer.toPrettyString());
            } else {
                JsonNode i = answer.path("incident");
                JsonNode timeline = i.path("timeline");
                JsonNode last = timeline.get(timeline.size() - 1);
                out().println(i.path("id").asText() + " [" + i.path("state").asText().toLowerCase(Locale.ROOT) + ", v"
                        + answer.path("version").asLong() + "] " + last.path("what").asText());
            }
            out().flush();
            return 0;
        }
    }

    abstract static class IncidentSub extends Sub {
        @ParentCommand IncidentCommand parent;

        @Override
        Bootstrap bootstrap() {
            return parent.bootstrap;
        }
    }

    static String path(String id, String rest) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw PerfguardException.badInput("incident id '" + id + "' is invalid");
        }
        return ApiClient.API + "/incidents/" + id + rest;
    }

    static Instant time(String text, String option, Instant now) {
        try {
            if (text.startsWith("+")) {
                return now.plus(ConfigLoader.parseDuration(text.substring(1)));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw PerfguardException.badInput(option + " '" + text + "' must be an ISO-8601 UTC time like 2026-11-27T14:00:00Z or +DURATION like +3h");
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Opens an incident (or attaches to the open one) from discrepancies:",
                    "a Lighthouse comparison (--baseline/--current) or a JSON file (--file) {\"discrepancies\":[...]}."})
    static final class Open extends IncidentSub {
        @Option(names = "--service", paramLabel = "S", description = "service (default: the config's service)") String service;
        @Option(names = "--baseline", arity = "1..*", paramLabel = "PATH", description = "baseline LHR files or folders") List<Path> baseline;
        @Option(names = "--current", arity = "1..*", paramLabel = "PATH", description = "current LHR files or folders") List<Path> current;
        @Option(names = "--file", paramLabel = "FILE", description = "JSON with a discrepancies array") Path file;
        @Mixin ConfigOption config;

        @Override
        public Integer call() throws IOException {
            var cfg = config.load();
            List<Discrepancy> ds;
            if (file != null) {
                ds = discrepancies(Files.readString(file, StandardCharsets.UTF_8));
            } else if (baseline != null && current != null) {
                ComparisonReport report;
                try (Perfguard perfguard = bootstrap().perfguard(cfg)) {
                    LhrReader reader = perfguard.lhrReader();
                    report = perfguard.lighthouse().compare(reader.readAll(baseline), reader.readAll(current));
                }
                ds = LighthouseDiscrepancies.of(report, bootstrap().clock().instant());
                if (ds.isEmpty()) {
                    out().println("no regression (verdict " + report.verdict().label() + "): nothing to open");
                    out().flush();
                    return 0;
                }
            } else {
                throw new PerfguardException(ErrorCode.USAGE, "give --baseline and --current LHR paths, or --file");
            }
            RemoteReporter reporter = new RemoteReporter(client());
            for (RegressionReport r : RegressionReport.byFamily(service != null ? service : cfg.service(), ds)) {
                JsonNode answer = reporter.post(r);
                if (!json) {
                    out().println((answer.path("opened").asBoolean() ? "opened " : "attached to ")
                            + answer.path("incident").path("id").asText() + " with " + r.discrepancies().size() + " discrepancies:");
                    r.discrepancies().forEach(d -> out().println("  " + d.metric() + "  " + d.evidence().summary()));
                }
                printChange(answer);
            }
            return 0;
        }

        private static List<Discrepancy> discrepancies(String text) {
            record Body(List<Discrepancy> discrepancies) {}
            return IncidentJson.read(text, Body.class, "--file").discrepancies();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows an incident with its newest timeline entries (--all: the whole timeline).")
    static final class Show extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--all", description = "Print the whole timeline, read from the server a page at a time.") boolean all;

        @Override
        public Integer call() {
            JsonNode a = client().getJson(path(id, ""));
            if (json) {
                out().println(a.toPrettyString());
                out().flush();
                return 0;
            }
            JsonNode i = a.path("incident");
            PrintWriter o = out();
            o.println(i.path("id").asText() + "  " + i.path("state").asText().toLowerCase(Locale.ROOT) + "  "
                    + i.path("fingerprint").path("service").asText() + "/" + i.path("fingerprint").path("metricFamily").asText()
                    + "  opened " + i.path("openedAt").asText() + "  version " + a.path("version").asLong());
            o.println("discrepancies:");
            i.path("discrepancies").forEach(d -> o.println("  " + d.path("metric").asText() + "  "
                    + IncidentJson.read(d.toString(), Discrepancy.class, "server answer").evidence().summary()));
            i.path("hypotheses").forEach(h -> o.println("hypothesis " + h.path("number").asInt() + ": "
                    + h.path("rootCause").asText() + " (squad " + h.path("owner").path("squad").asText("unowned") + ")"));
            i.path("loadTests").forEach(t -> o.println("load test " + t.path("number").asInt() + ": "
                    + t.path("state").asText().toLowerCase(Locale.ROOT) + " start " + t.path("plan").path("start").asText()));
            if (i.path("decision").isObject()) {
                JsonNode d = i.path("decision");
                o.println("decision: " + d.path("branch").asText().toLowerCase(Locale.ROOT));
                d.path("tasks").forEach(t -> o.println("  task " + t.path("number").asInt() + " ["
                        + (t.path("doneAt").isMissingNode() || t.path("doneAt").isNull() ? " " : "x") + "] " + t.path("title").asText()));
            }
            long notes = a.path("deployNoteCount").asLong();
            if (notes > 0) {
                o.println("deploy notes: " + notes + " (the newest: " + i.path("deployNotes").path(i.path("deployNotes").size() - 1)
                        .path("text").asText().lines().findFirst().orElse("") + ")");
            }
            List<JsonNode> entries = new ArrayList<>();
            i.path("timeline").forEach(entries::add);
            long earlier = entries.isEmpty() ? 0 : entries.get(0).path("seq").asLong() - 1;
            while (all && earlier > 0) {
                JsonNode page = client().getJson(path(id, "/timeline?before=" + (earlier + 1) + "&limit=500"));
                List<JsonNode> items = new ArrayList<>();
                page.path("items").forEach(items::add);
                if (items.isEmpty()) {
                    break;
                }
                entries.addAll(0, items);
                earlier = items.get(0).path("seq").asLong() - 1;
            }
            o.println("timeline:");
            if (earlier > 0) {
                o.println("  (" + earlier + " earlier " + (earlier == 1 ? "entry" : "entries") + ": perfguard incident show "
                        + id + " --all)");
            }
            entries.forEach(e -> o.println("  " + e.path("seq").asLong() + ". " + e.path("at").asText() + " "
                    + e.path("who").asText() + " — " + e.path("what").asText()));
            o.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists incidents, newest first.")
    static final class ListIncidents extends IncidentSub {
        @Option(names = "--state", paramLabel = "S", description = "open, investigating, mitigating, monitoring or closed") String state;
        @Option(names = "--offset", defaultValue = "0") int offset;
        @Option(names = "--limit", defaultValue = "50") int limit;

        @Override
        public Integer call() {
            String q = "?offset=" + offset + "&limit=" + limit + (state == null ? "" : "&state=" + state);
            JsonNode a = client().getJson(ApiClient.API + "/incidents" + q);
            if (json) {
                out().println(a.toPrettyString());
            } else {
                a.path("items").forEach(s -> out().println(s.path("id").asText() + "\t" + s.path("state").asText().toLowerCase(Locale.ROOT)
                        + "\t" + s.path("fingerprint").asText() + "\t" + s.path("openedAt").asText()));
                out().println(a.path("total").asLong() + " incident(s)");
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "transition", mixinStandardHelpOptions = true, description = "Moves an incident along its lifecycle.")
    static final class Transition extends IncidentSub {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "STATE", description = "investigating, mitigating, monitoring, open") String to;

        @Override
        public Integer call() {
            return printChange(client().postJson(path(id, "/transition"), Map.of("to", to.toUpperCase(Locale.ROOT))));
        }
    }

    @Command(name = "hypothesis", mixinStandardHelpOptions = true, description = "Records a hypothesised root cause.")
    static final class Hypothesis extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--root-cause", required = true, paramLabel = "TEXT") String rootCause;
        @Option(names = "--squad", paramLabel = "S", description = "owning squad (default: from the ownership rules)") String squad;
        @Option(names = "--flag", paramLabel = "NAME=STATE", description = "feature flag state now, repeatable") List<String> flags = new ArrayList<>();

        @Override
        public Integer call() {
            List<Map<String, String>> fs = new ArrayList<>();
            for (String f : flags) {
                int eq = f.indexOf('=');
                if (eq < 1) {
                    throw PerfguardException.badInput("--flag '" + f + "' must be NAME=STATE");
                }
                fs.add(Map.of("flag", f.substring(0, eq), "state", f.substring(eq + 1)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rootCause", rootCause);
            if (squad != null) {
                body.put("squad", squad);
            }
            body.put("flags", fs);
            return printChange(client().postJson(path(id, "/hypotheses"), body));
        }
    }

    @Command(name = "deploy-note", mixinStandardHelpOptions = true, description = "Attaches a deploy note (text or file).")
    static final class DeployNote extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @ArgGroup(multiplicity = "1") Source source;

        static final class Source {
            @Option(names = "--text", paramLabel = "TEXT") String text;
            @Option(names = "--file", paramLabel = "FILE") Path file;
        }

        @Override
        public Integer call() throws IOException {
            String text = source.text != null ? source.text : Files.readString(source.file, StandardCharsets.UTF_8);
            return printChange(client().postJson(path(id, "/deploy-notes"), Map.of("text", text)));
        }
    }

    @Command(name = "artefact", mixinStandardHelpOptions = true, description = "Uploads an artefact (perf_metrics/*.json, an LHR, a run file).")
    static final class Artefact extends IncidentSub {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "FILE") Path file;
        @Option(names = "--name", paramLabel = "N", description = "stored name (default: the file's name)") String name;

        @Override
        public Integer call() throws IOException {
            String n = name != null ? name : file.getFileName().toString();
            ArtefactRef.requireSafeName(n);
            return printChange(client().put(path(id, "/artefacts/" + n), Files.readAllBytes(file)));
        }
    }

    @Command(name = "load-test", mixinStandardHelpOptions = true, description = "Load-test slots: request, confirm, cancel, run, complete.",
            subcommands = {LoadTest.Request.class, LoadTest.Confirm.class, LoadTest.Cancel.class, LoadTest.RunSlot.class,
                    LoadTest.Complete.class})
    static final class LoadTest implements Runnable {
        @Spec CommandSpec spec;
        @ParentCommand IncidentCommand parent;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        abstract static class LoadTestSub extends Sub {
            @ParentCommand LoadTest parent;

            @Override
            Bootstrap bootstrap() {
                return parent.parent.bootstrap;
            }
        }

        @Command(name = "request", mixinStandardHelpOptions = true, description = "Requests a slot at least two hours ahead.")
        static final class Request extends LoadTestSub {
            @Parameters(paramLabel = "ID") String id;
            @Option(names = "--scenario", required = true, paramLabel = "S", description = "target scenario, repeatable") List<String> scenarios;
            @Option(names = "--concurrency", required = true, paramLabel = "N") int concurrency;
            @Option(names = "--data-refresh", required = true, paramLabel = "TEXT") String dataRefresh;
            @Option(names = "--start", required = true, paramLabel = "TIME", description = "ISO time or +DURATION (e.g. +3h)") String start;

            @Override
            public Integer call() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("scenarios", scenarios);
                body.put("concurrency", concurrency);
                body.put("dataRefresh", dataRefresh);
                body.put("start", time(start, "--start", bootstrap().clock().instant()).toString());
                return printChange(client().postJson(path(id, "/load-tests"), body));
            }
        }

        @Command(name = "confirm", mixinStandardHelpOptions = true, description = "DevOps confirmed the slot.")
        static final class Confirm extends LoadTestSub {
            @Parameters(index = "0", paramLabel = "ID") String id;
            @Parameters(index = "1", paramLabel = "N") int number;

            @Override
            public Integer call() {
                return printChange(client().postJson(path(id, "/load-tests/" + number + "/confirm"), Map.of()));
            }
        }

        @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a slot request.")
        static final class Cancel extends LoadTestSub {
            @Parameters(index = "0", paramLabel = "ID") String id;
            @Parameters(index = "1", paramLabel = "N") int number;
            @Option(names = "--reason", required = true) String reason;

            @Override
            public Integer call() {
                return printChange(client().postJson(path(id, "/load-tests/" + number + "/cancel"), Map.of("reason", reason)));
            }
        }

        @Command(name = "run", mixinStandardHelpOptions = true,
                description = {"Runs a confirmed slot: the scenario with the embedded generator, its summary, HDR log and",
                        "latency-over-time attached to the incident; with --queries and --qrels the retrieval check after it",
                        "(rag-eval collect against the target, compared with the run before the test) and the slot completed:",
                        "rollback when a threshold failed or a measure dropped significantly, mitigate when only inconclusive,",
                        "accept otherwise. Exit 0: accept (without a retrieval check: every threshold passed); 1: rollback or",
                        "mitigate (or a failed threshold); 2: bad input (a slot not confirmed or not yet started, a bad file)."})
        static final class RunSlot extends LoadTestSub {
            /** Put on the incident before the load starts, so a slot runs once (the server's runner looks for the first too). */
            static String marker(int number, int attempt) {
                return SlotRun.prefix(number, attempt) + "started.txt";
            }

            @Parameters(index = "0", paramLabel = "ID") String id;
            @Parameters(index = "1", paramLabel = "N") int number;
            @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "the scenario (YAML, docs/loadtest.md)") Path scenarioFile;
            @Option(names = "--queries", paramLabel = "FILE", description = "retrieval check: the evaluation queries (rag-eval collect --queries)") Path queries;
            @Option(names = "--qrels", paramLabel = "FILE", description = "retrieval check: the qrels to compare the runs over") Path qrels;
            @Option(names = "--before", paramLabel = "RUN", description = "the run collected before the test (default: collect one right before the load)") Path before;
            @Option(names = "--endpoint", defaultValue = "/search", paramLabel = "URL|PATH",
                    description = "retrieval endpoint, resolved against the scenario's target (default: ${DEFAULT-VALUE})") String endpoint;
            @Option(names = "--dataset", paramLabel = "NAME", description = "dataset of the re-collected metrics (default: the qrels file's name)") String dataset;
            @Option(names = "--now", description = "run before the slot's start time") boolean now;
            @Option(names = "--again", description = "run a slot that was started before (its loadtest-N-started.txt is attached)") boolean again;
            @Mixin ConfigOption config;

            @Override
            public Integer call() throws IOException {
                if ((queries == null) != (qrels == null)) {
                    throw PerfguardException.badInput("the retrieval check needs both --queries and --qrels");
                }
                if (before != null && queries == null) {
                    throw PerfguardException.badInput("--before needs --queries and --qrels");
                }
                for (Path f : new Path[] {scenarioFile, queries, qrels, before}) {
                    if (f != null && !Files.isRegularFile(f)) {
                        throw PerfguardException.badInput(f + ": no such file");
                    }
                }
                var cfg = config.load();
                var scenario = SlotRun.scenario(scenarioFile, cfg.loadtest().allowedHosts());
                ApiClient c = client();
                JsonNode incident = c.getJson(path(id, "")).path("incident");
                JsonNode slot = null;
                for (JsonNode t : incident.path("loadTests")) {
                    if (t.path("number").asInt() == number) {
                        slot = t;
                    }
                }
                if (slot == null) {
                    throw PerfguardException.badInput("incident " + id + " has no load test " + number);
                }
                String state = slot.path("state").asText().toLowerCase(Locale.ROOT);
                if (!state.equals("confirmed")) {
                    throw PerfguardException.badInput("load test " + number + " of " + id + " is " + state + ", not confirmed"
                            + (state.equals("requested") ? ": DevOps confirms it first (perfguard incident load-test confirm " + id + " " + number + ")" : ""));
                }
                Instant start = Instant.parse(slot.path("plan").path("start").asText());
                if (!now && bootstrap().clock().instant().isBefore(start)) {
                    throw PerfguardException.badInput("load test " + number + " of " + id + " starts at " + start
                            + "; wait for it or pass --now");
                }
                Set<String> names = new HashSet<>();
                incident.path("artefacts").forEach(a -> names.add(a.path("name").asText()));
                int attempt = 1;
                while (names.contains(marker(number, attempt))) {
                    attempt++;
                }
                if (attempt > 1 && !again) {
                    throw PerfguardException.badInput("load test " + number + " of " + id + " was started before ("
                            + marker(number, 1) + " is attached); pass --again to run it once more");
                }
                Optional<SlotRun.Retrieval> retrieval = queries == null ? Optional.empty()
                        : Optional.of(new SlotRun.Retrieval(SlotRun.endpoint(scenario, endpoint), queries, qrels,
                                Optional.ofNullable(before), dataset != null ? dataset : RetrievalCheck.datasetOf(qrels)));
                c.put(path(id, "/artefacts/" + marker(number, attempt)), ("started " + bootstrap().clock().instant() + " by perfguard incident load-test run\n")
                        .getBytes(StandardCharsets.UTF_8));
                PrintWriter err = spec.commandLine().getErr();
                Path work = Files.createTempDirectory("perfguard-slot-");
                SlotRun.Outcome o;
                try {
                    o = SlotRun.run(number, attempt, scenario, retrieval, work, err);
                } finally {
                    try (var files = Files.list(work)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(work);
                }
                for (Map.Entry<String, byte[]> a : o.artefacts().entrySet()) {
                    c.put(path(id, "/artefacts/" + a.getKey()), a.getValue());
                }
                out().println(o.summary());
                if (o.verdict().isPresent()) {
                    List<Map<String, Object>> rec = new ArrayList<>();
                    o.recollected().forEach(r -> rec.add(Map.of("metric", r.metric(), "dataset", r.dataset(), "value", r.value())));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("verdict", o.verdict().get().name());
                    body.put("summary", o.summary());
                    body.put("recollected", rec);
                    printChange(c.postJson(path(id, "/load-tests/" + number + "/complete"), body));
                } else {
                    out().println("load test " + number + " left confirmed: without --queries/--qrels there are no re-collected metrics;"
                            + " complete it with perfguard incident load-test complete " + id + " " + number + " --verdict ... --metric ...");
                }
                out().println("attached: " + String.join(", ", o.artefacts().keySet()));
                out().flush();
                return o.exitStatus();
            }
        }

        @Command(name = "complete", mixinStandardHelpOptions = true, description = "Posts the findings of a confirmed load test.")
        static final class Complete extends LoadTestSub {
            @Parameters(index = "0", paramLabel = "ID") String id;
            @Parameters(index = "1", paramLabel = "N") int number;
            @Option(names = "--verdict", required = true, description = "rollback, mitigate or accept") String verdict;
            @Option(names = "--summary", required = true) String summary;
            @Option(names = "--metric", required = true, paramLabel = "METRIC@DATASET=VALUE",
                    description = "a retrieval metric re-collected after the test (rag-eval collect), repeatable") List<String> metrics;

            @Override
            public Integer call() {
                List<Map<String, Object>> rec = new ArrayList<>();
                for (String m : metrics) {
                    LoadTestFinding.RetrievalMetric r = LoadTestFinding.RetrievalMetric.parse(m);
                    rec.add(Map.of("metric", r.metric(), "dataset", r.dataset(), "value", r.value()));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("verdict", verdict.toUpperCase(Locale.ROOT));
                body.put("summary", summary);
                body.put("recollected", rec);
                return printChange(client().postJson(path(id, "/load-tests/" + number + "/complete"), body));
            }
        }
    }

    @Command(name = "decide", mixinStandardHelpOptions = true,
            description = {"Runs the mitigation decision tree and records the branch and its tasks.",
                    "Fix available: --fix-estimate 45m [--infrastructure]; none: --containment feature-flag-rollback|traffic-shaping|leave-live",
                    "with --risk-accepted-by/--risk-reason/--risk-until when the change stays live."})
    static final class Decide extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--fix-estimate", paramLabel = "DURATION") String fixEstimate;
        @Option(names = "--infrastructure", description = "the remedy needs infrastructure changes") boolean infrastructure;
        @Option(names = "--containment", paramLabel = "C") String containment;
        @Option(names = "--risk-accepted-by", paramLabel = "WHO") String riskBy;
        @Option(names = "--risk-reason", paramLabel = "TEXT") String riskReason;
        @Option(names = "--risk-until", paramLabel = "TIME") String riskUntil;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("fixAvailable", fixEstimate != null);
            if (fixEstimate != null) {
                Duration d;
                try {
                    d = ConfigLoader.parseDuration(fixEstimate);
                } catch (IllegalArgumentException e) {
                    throw PerfguardException.badInput("--fix-estimate: " + e.getMessage());
                }
                body.put("fixEstimate", d.toString());
            }
            body.put("needsInfrastructure", infrastructure);
            if (containment != null) {
                body.put("containment", containment.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            if (riskBy != null || riskReason != null || riskUntil != null) {
                if (riskBy == null || riskReason == null || riskUntil == null) {
                    throw PerfguardException.badInput("a risk acceptance needs --risk-accepted-by, --risk-reason and --risk-until");
                }
                body.put("riskAcceptance", Map.of("acceptedBy", riskBy, "reason", riskReason,
                        "until", time(riskUntil, "--risk-until", bootstrap().clock().instant()).toString()));
            }
            JsonNode a = client().postJson(path(id, "/decision"), body);
            int rc = printChange(a);
            if (!json) {
                a.path("incident").path("decision").path("tasks").forEach(t -> out().println("  task " + t.path("number").asInt()
                        + ": " + t.path("title").asText()));
                out().flush();
            }
            return rc;
        }
    }

    @Command(name = "task", mixinStandardHelpOptions = true, description = "Marks a mitigation task done.")
    static final class Task extends IncidentSub {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "N") int number;

        @Override
        public Integer call() {
            return printChange(client().postJson(path(id, "/tasks/" + number + "/done"), Map.of()));
        }
    }

    @Command(name = "rerun", mixinStandardHelpOptions = true,
            description = {"Asks CI to build again (the fast-fix branch's rerun hook, rerun.url on the server).",
                    "The next build's 'check --report-to' reports to the incident."})
    static final class Rerun extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            return printChange(client().postJson(path(id, "/rerun"), Map.of()));
        }
    }

    @Command(name = "window", mixinStandardHelpOptions = true,
            description = "Records one reporting window's results for the incident's metrics and shows whether it can close.")
    static final class Window extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--start", required = true, paramLabel = "TIME", description = "the window's start (on the reporting-window grid)") String start;
        @Option(names = "--ok", paramLabel = "METRIC", description = "a metric within tolerance, repeatable") List<String> ok = new ArrayList<>();
        @Option(names = "--breach", paramLabel = "METRIC", description = "a metric in breach, repeatable") List<String> breach = new ArrayList<>();
        @Option(names = "--all-ok", description = "every triggering metric of the incident was within tolerance") boolean allOk;

        @Override
        public Integer call() {
            ApiClient c = client();
            List<Map<String, Object>> results = new ArrayList<>();
            List<String> oks = new ArrayList<>(ok);
            if (allOk) {
                c.getJson(path(id, "")).path("incident").path("discrepancies").forEach(d -> oks.add(d.path("metric").asText()));
            }
            oks.forEach(m -> results.add(Map.of("metric", m, "outcome", "WITHIN_TOLERANCE")));
            breach.forEach(m -> results.add(Map.of("metric", m, "outcome", "BREACH")));
            JsonNode a = c.postJson(path(id, "/windows"), Map.of("start", time(start, "--start", bootstrap().clock().instant()).toString(), "results", results));
            if (json) {
                out().println(a.toPrettyString());
            } else {
                out().println("window " + start + ": " + results.size() + " result(s) recorded; closable: " + a.path("closable").asBoolean());
                a.path("blockers").forEach(b -> out().println("  - " + b.asText()));
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true, description = "Writes the post-incident summary (timeline drafted from the incident).")
    static final class Summary extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--root-cause", required = true) String rootCause;
        @Option(names = "--remediation", required = true) String remediation;

        @Override
        public Integer call() {
            return printChange(client().postJson(path(id, "/summary"), Map.of("rootCause", rootCause, "remediation", remediation)));
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Closes through the closing gate (admins may override with a reason).")
    static final class Close extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--override-reason", paramLabel = "TEXT", description = "admin only: close despite the gate") String overrideReason;

        @Override
        public Integer call() {
            Map<String, Object> body = overrideReason == null ? Map.of() : Map.of("overrideReason", overrideReason);
            return printChange(client().postJson(path(id, "/close"), body));
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Prints the post-incident report (Markdown); --lessons FILE appends the lessons entry to docs/operations/performance.md.")
    static final class Report extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--lessons", paramLabel = "FILE") Path lessons;

        @Override
        public Integer call() throws IOException {
            ApiClient c = client();
            out().print(c.getText(path(id, "/report")));
            if (lessons != null) {
                String entry = c.getText(path(id, "/lessons"));
                String doc = Files.exists(lessons) ? Files.readString(lessons, StandardCharsets.UTF_8) : "";
                String updated = LessonsEntry.insert(doc, id, entry);
                if (lessons.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(lessons.toAbsolutePath().getParent());
                }
                Path tmp = lessons.resolveSibling(lessons.getFileName() + ".tmp");
                Files.writeString(tmp, updated, StandardCharsets.UTF_8);
                Files.move(tmp, lessons, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getErr().println("lessons entry for " + id + " written to " + lessons);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "follow-up", mixinStandardHelpOptions = true, description = "Records a follow-up task (missing-baseline, flaky-dashboard, ...); without --title lists them.")
    static final class FollowUp extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--kind", paramLabel = "K", description = "missing-baseline, flaky-dashboard, observability-gap, tech-debt, other") String kind;
        @Option(names = "--title", paramLabel = "TEXT") String title;
        @Option(names = "--squad", paramLabel = "S") String squad;

        @Override
        public Integer call() {
            if (title == null) {
                client().getJson(path(id, "/follow-ups")).path("items").forEach(f -> out().println(f.path("number").asInt() + ". ["
                        + f.path("kind").asText().toLowerCase(Locale.ROOT) + "] " + f.path("title").asText()));
                out().flush();
                return 0;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("kind", (kind == null ? "other" : kind).toUpperCase(Locale.ROOT).replace('-', '_'));
            body.put("title", title);
            if (squad != null) {
                body.put("squad", squad);
            }
            return printChange(client().postJson(path(id, "/follow-ups"), body));
        }
    }

    @Command(name = "flags", mixinStandardHelpOptions = true,
            description = {"Shows the feature flags of an incident: the states captured with its evidence, the flags",
                    "changed between the baseline and the regression, and its rollbacks."})
    static final class Flags extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--baseline", paramLabel = "TIME", description = "the baseline build's time (default: the configured lookback before the regression)")
        String baseline;

        @Override
        public Integer call() {
            String q = baseline == null ? "" : "?baseline=" + java.net.URLEncoder.encode(
                    time(baseline, "--baseline", bootstrap().clock().instant()).toString(), StandardCharsets.UTF_8);
            JsonNode a = client().getJson(path(id, "/flags" + q));
            if (json) {
                out().println(a.toPrettyString());
                out().flush();
                return 0;
            }
            out().println("flag store: " + a.path("store").asText());
            JsonNode diff = a.path("diff");
            out().println("changed between " + diff.path("from").asText() + " and " + diff.path("to").asText() + ":");
            if (diff.path("lines").isEmpty()) {
                out().println("  no flag changed");
            }
            diff.path("lines").forEach(l -> out().println("  " + l.path("text").asText()));
            out().println("captured:");
            a.path("captures").forEach(c -> {
                List<String> states = new ArrayList<>();
                c.path("flags").forEach(f -> states.add(f.path("flag").asText() + "=" + f.path("state").asText()));
                out().println("  " + c.path("at").asText() + "  " + c.path("cause").asText() + ": "
                        + (c.path("error").isTextual() ? "store unreadable: " + c.path("error").asText() : String.join(" ", states)));
            });
            if (!a.path("rollbacks").isEmpty()) {
                out().println("rollbacks:");
                a.path("rollbacks").forEach(r -> out().println("  " + rollbackLine(r)));
            }
            out().flush();
            return 0;
        }
    }

    static String rollbackLine(JsonNode r) {
        String what = r.path("flag").isTextual() ? "flag " + r.path("flag").asText() + " off"
                : "traffic shaping: " + r.path("description").asText();
        StringBuilder sb = new StringBuilder(r.path("number").asText() + " " + what + " [" + r.path("state").asText().toLowerCase(Locale.ROOT)
                + "] requested by " + r.path("requestedBy").asText() + " at " + r.path("requestedAt").asText());
        if (r.path("decidedBy").isTextual()) {
            sb.append("; ").append(r.path("state").asText().equalsIgnoreCase("denied") ? "denied" : "approved")
                    .append(" by ").append(r.path("decidedBy").asText()).append(" at ").append(r.path("decidedAt").asText());
        }
        if (r.path("reason").isTextual()) {
            sb.append(" (").append(r.path("reason").asText()).append(")");
        }
        if (r.path("after").isTextual()) {
            sb.append("; ").append(r.path("before").asText()).append(" → ").append(r.path("after").asText());
        }
        if (r.path("doneAt").isTextual()) {
            sb.append(" at ").append(r.path("doneAt").asText());
        }
        if (r.path("error").isTextual()) {
            sb.append("; error: ").append(r.path("error").asText());
        }
        return sb.toString();
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Asks DevOps to approve a containment of the \"no immediate fix\" branch: turning a feature",
                    "flag off (--flag) or traffic shaping (--traffic-shaping). The decision must name that containment.",
                    "Another responder approves (rollback-approve) or denies (rollback-deny)."})
    static final class RollbackRequest extends IncidentSub {
        @Parameters(paramLabel = "ID") String id;
        @ArgGroup(multiplicity = "1") What what;

        static final class What {
            @Option(names = "--flag", paramLabel = "NAME", description = "the feature flag to turn off") String flag;
            @Option(names = "--traffic-shaping", paramLabel = "TEXT", description = "the traffic shaping to do") String shaping;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = what.flag != null ? Map.of("flag", what.flag) : Map.of("trafficShaping", what.shaping);
            return printRollback(client().postJson(path(id, "/rollbacks"), body));
        }
    }

    @Command(name = "rollback-approve", mixinStandardHelpOptions = true,
            description = {"Approves rollback N (for DevOps) and carries it out: the flag is turned off, or the traffic",
                    "shaping recorded as done. Approving a failed one retries it."})
    static final class RollbackApprove extends IncidentSub {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "N") int number;

        @Override
        public Integer call() {
            return printRollback(client().postJson(path(id, "/rollbacks/" + number + "/approve"), Map.of()));
        }
    }

    @Command(name = "rollback-deny", mixinStandardHelpOptions = true, description = "Denies rollback N, with the reason.")
    static final class RollbackDeny extends IncidentSub {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "N") int number;
        @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

        @Override
        public Integer call() {
            return printRollback(client().postJson(path(id, "/rollbacks/" + number + "/deny"), Map.of("reason", reason)));
        }
    }
}
