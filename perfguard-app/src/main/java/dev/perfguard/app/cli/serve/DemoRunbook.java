package dev.perfguard.app.cli.serve;

import com.fasterxml.jackson.core.JsonPointer;
import dev.perfguard.app.slot.SlotRun;
import dev.perfguard.app.target.DemoTarget;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.MitigationFacts;
import dev.perfguard.core.incident.MitigationTask;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.incident.TimelineEntry;
import dev.perfguard.core.rageval.CFormat;
import dev.perfguard.core.rageval.Comparison;
import dev.perfguard.core.rageval.DropRule;
import dev.perfguard.core.rageval.EvalOptions;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureComparison;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.RagDiscrepancies;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.core.telemetry.Aggregate;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Rule;
import dev.perfguard.core.telemetry.TelemetryDiscrepancies;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.FlagdFile;
import dev.perfguard.runbook.flags.Rollback;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Reported;
import dev.perfguard.runbook.incident.WindowOutcome;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.signals.loadtest.Scenario;
import dev.perfguard.signals.rageval.QrelsReader;
import dev.perfguard.signals.rageval.QueryReader;
import dev.perfguard.signals.rageval.RequestTemplate;
import dev.perfguard.signals.rageval.RetrievalCollector;
import dev.perfguard.signals.rageval.RunReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Steps 3 to 9 of {@code perfguard demo}: the runbook on the demo target, from the rag_eval regression to the
 * closed incident and its written report. Every measurement is real (the target answers, the flag file changes);
 * only time is compressed: the reporting window is seconds long and the load test runs at once.
 */
final class DemoRunbook {
    static final String FLAG = "naive-ranking";
    static final String DATASET = "cranfield";
    static final List<String> MEASURES = List.of("ndcg_cut.10", "map", "P.10");
    private static final String CRANFIELD = "/dev/perfguard/app/target/cranfield/";
    private static final String TEMPLATE = "{\"query\": {{query}}, \"top_k\": {{top_k}}, \"query_id\": {{query_id}}}";
    /** The telemetry expectation's metric: family rag, so its breach joins the rag_eval incident. */
    static final String ONLINE = "rag.online_ndcg_at_10{target=demo-target}";
    /** How far below its value before the deploy the online gauge may fall. */
    static final double ONLINE_TOLERANCE = 0.03;
    /** After a window's end, the wait for its last scrape to land before it is judged. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    /** Windows watched beyond {@code close_after_windows} before the demo gives up and lets the gate refuse. */
    private static final int EXTRA_WINDOWS = 4;
    private static final String RESPONDER = "alice";
    private static final String DEVOPS = "devops-dan";

    private final Perfguard perfguard;
    private final DemoTarget target;
    private final DemoMetrics metrics;
    private final Path folder;
    private final Path flags;
    private final Duration window;
    private final Duration loadTest;
    private final PrintWriter out;
    private final MeasureSet measures = MeasureSet.parse(MEASURES);
    private final EvalOptions options = EvalOptions.defaults();
    private Path queries;
    private Path qrels;
    private Evaluation baseline;
    private Expectation online;

    DemoRunbook(Perfguard perfguard, DemoTarget target, DemoMetrics metrics, Path folder, Path flags, Duration window, Duration loadTest, PrintWriter out) {
        this.perfguard = perfguard;
        this.target = target;
        this.metrics = metrics;
        this.folder = folder;
        this.flags = flags;
        this.window = window;
        this.loadTest = loadTest;
        this.out = out;
    }

    /** The flag file the demo starts with: both flags defined, both off; the "deploy" of step 3 turns naive-ranking on. */
    static void writeFlags(Path file) throws IOException {
        Files.writeString(file, """
                {
                  "$schema": "https://flagd.dev/schema/v0/flags.json",
                  "flags": {
                    "naive-ranking": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
                    "slow-ranker": {"state": "DISABLED", "variants": {"on": {"p": 0.1, "delayMs": 200}, "off": false}, "defaultVariant": "on"}
                  }
                }
                """, StandardCharsets.UTF_8);
    }

    /** Steps 3 to 9 on the incident the rag_eval regression opens; answers its id. */
    String walk() throws IOException, InterruptedException {
        String id = ragEval();
        telemetry(id);
        notifications(id);
        loadTest(id);
        rollback(id);
        windows(id);
        close(id);
        write(id);
        return id;
    }

    // --- 3. rag_eval before and after the deploy that turned naive-ranking on

    private String ragEval() throws IOException {
        queries = copy("queries.jsonl");
        qrels = copy("qrels.txt");
        out.println("3. perfguard rag-eval collect --endpoint " + target.uri() + "search --queries " + rel(queries)
                + " --qrels " + rel(qrels) + "   (before and after a deploy that turns " + FLAG + " on)");
        baseline = collect("before");
        double before = DemoMetrics.gauge(target.uri()).orElseThrow(() -> new PerfguardException(ErrorCode.INTERNAL,
                "the demo target shows no " + DemoMetrics.GAUGE + " after the judged searches of the run before the deploy"));
        double limit = Math.round((before - ONLINE_TOLERANCE) * 10_000) / 10_000.0;
        online = new Expectation("online nDCG@10", DemoMetrics.GAUGE, ONLINE, Rule.Absolute.min(limit), Optional.empty(),
                Optional.empty(), Aggregate.LAST, Optional.of(Duration.ofSeconds(1)));
        out.println("   the target's gauge " + DemoMetrics.GAUGE + " " + fixed(before) + " (nDCG@10 of its last 100 judged searches);"
                + " telemetry expectation " + ONLINE + " >= " + fixed(limit) + " (" + fixed(before) + " - " + ONLINE_TOLERANCE
                + "), the last point of each window");
        FlagdFile.at(flags).set(FLAG, true, "deploy");
        out.println("   deploy: " + FLAG + " turned on in " + rel(flags) + " (the regression); the target re-reads the file");
        Evaluation after = collect("after");
        List<MeasureComparison> cmp = Comparison.compare(baseline, after, 0.1, 10_000, 24301);
        DropRule.Findings findings = new DropRule(0.05, 0.01).judge(cmp);
        out.println("   perfguard rag-eval compare --before " + rel(run("before")) + " --after " + rel(run("after")) + " --report-to ...");
        for (MeasureComparison c : cmp) {
            out.println(String.format(Locale.ROOT, "     %-12s %s -> %s  p(rand) %s  %d queries worse by more than 0.1%s", c.measure(),
                    CFormat.fixed(c.before(), 4, 0), CFormat.fixed(c.after(), 4, 0), CFormat.fixed(c.randomizationP(), 4, 0),
                    c.failing().size(), findings.regressedMeasures().contains(c.measure()) ? "  REGRESSED" : ""));
        }
        Instant now = perfguard.clock().instant();
        List<Discrepancy> ds = perfguard.panels().linked(
                RagDiscrepancies.of(cmp, findings.regressedMeasures(), DATASET, List.of(), now), now.minus(Duration.ofDays(1)), now);
        if (ds.isEmpty()) {
            throw new PerfguardException(ErrorCode.INTERNAL, "the demo target's naive ranking did not regress: " + findings);
        }
        IncidentService incidents = perfguard.incidents();
        Reported r = incidents.report(new RegressionReport(perfguard.config().service(), ds), "perfguard-rag-eval");
        String id = r.stored().incident().id();
        incidents.addArtefact(id, "before.run", Files.readAllBytes(run("before")), "perfguard-rag-eval");
        incidents.addArtefact(id, "after.run", Files.readAllBytes(run("after")), "perfguard-rag-eval");
        out.println("   " + (r.opened() ? "opened " : "attached to ") + id + " (" + r.stored().incident().fingerprint().key()
                + ") with " + ds.size() + " rag discrepancies and both runs as artefacts: the runbook's incident from here on");
        ds.forEach(d -> out.println("     " + d.metric()));
        return id;
    }

    // --- 3. (continued) the same regression in production telemetry

    private void telemetry(String id) throws InterruptedException {
        Instant now = perfguard.clock().instant();
        // a window that ends at least SETTLE after the after-deploy searches, so its last point sees them all
        Window w = Window.containing(now.plus(SETTLE), window);
        out.println("   perfguard telemetry check --at " + w.start() + " --report-to ..."
                + "   (the window " + w.start() + " to " + w.end() + ", judged once it has ended; source: " + metrics.describe() + ")");
        out.flush();
        List<WindowResult> results = judge(w);
        WindowResult r = results.getFirst();
        out.println("     " + ONLINE + " " + r.value().stream().mapToObj(DemoRunbook::fixed).findFirst().orElse("no value") + ", "
                + r.verdict().toString().toLowerCase(Locale.ROOT) + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
        List<Discrepancy> ds = perfguard.panels().linked(TelemetryDiscrepancies.ofWindow(results, List.of()), w.start(), w.end());
        if (ds.isEmpty()) {
            throw new PerfguardException(ErrorCode.INTERNAL, "the demo target's online quality did not breach its expectation: " + r);
        }
        IncidentService incidents = perfguard.incidents();
        for (Reported rep : incidents.reportAll(perfguard.config().service(), ds, "perfguard-telemetry")) {
            out.println("   " + (rep.opened() ? "opened " : "attached to ") + rep.stored().incident().id() + " ("
                    + rep.stored().incident().fingerprint().key() + "): the telemetry window as evidence beside the rag_eval runs");
            if (!rep.stored().incident().id().equals(id)) {
                throw new PerfguardException(ErrorCode.INTERNAL, "the telemetry breach went to " + rep.stored().incident().id()
                        + ", not to the rag incident " + id);
            }
        }
    }

    /** The online expectation in window {@code w}, once {@code w} has ended and its last scrape has landed. */
    private List<WindowResult> judge(Window w) throws InterruptedException {
        sleepUntil(w.end().plus(SETTLE));
        return new Evaluator(metrics.source()).evaluate(List.of(online), w);
    }

    private static String fixed(double v) {
        return CFormat.fixed(v, 4, 0);
    }

    private Path copy(String name) throws IOException {
        Path to = folder.resolve(name);
        try (InputStream in = DemoRunbook.class.getResourceAsStream(CRANFIELD + name)) {
            if (in == null) {
                throw new IOException("bundled " + CRANFIELD + name + " is missing from the jar");
            }
            Files.write(to, in.readAllBytes());
        }
        return to;
    }

    private Path run(String name) {
        return folder.resolve(name + ".run");
    }

    /** {@code rag-eval collect}: every Cranfield query to the target, the run written and evaluated. */
    private Evaluation collect(String runId) throws IOException {
        RetrievalCollector.Settings settings = new RetrievalCollector.Settings(URI.create(target.uri() + "search"),
                RequestTemplate.parse(TEMPLATE), JsonPointer.compile("/hits"), JsonPointer.compile("/id"),
                JsonPointer.compile("/score"), 100, 4, Duration.ofSeconds(10),
                new Backoff(Duration.ofMillis(200), Duration.ofMillis(400), 3));
        List<RetrievalCollector.Query> qs = QueryReader.readFile(queries);
        List<RetrievalCollector.Outcome> outcomes = new RetrievalCollector(settings, new Random()).collect(qs, n -> {});
        int failed = 0;
        Path file = run(runId);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (RetrievalCollector.Outcome o : outcomes) {
                if (o.failed()) {
                    failed++;
                    continue;
                }
                int rank = 1;
                for (RetrievalCollector.Hit h : o.hits()) {
                    w.write(o.query().id() + " Q0 " + h.docId() + " " + rank++ + " " + h.score() + " " + runId + "\n");
                }
            }
        }
        Evaluation e = RunReader.evaluateFile(file, QrelsReader.readFile(qrels), measures, options);
        out.println("   " + runId + ": " + qs.size() + " queries, " + (qs.size() - failed) + " answered, " + failed
                + " failed; ndcg_cut_10 " + CFormat.fixed(e.summary(measures.indexOf("ndcg_cut_10")), 4, 0) + " (" + rel(file) + ")");
        return e;
    }

    // --- 4. what the console channel sent

    private void notifications(String id) throws InterruptedException {
        StoreOutbox outbox = perfguard.outbox();
        for (int i = 0; i < 100 && !outbox.list(StoreOutbox.State.PENDING, 1).isEmpty(); i++) {
            Thread.sleep(100);
        }
        out.println("4. notifications: no notify: channel is configured, so the console channel delivers each message"
                + " as a log line and a 'notification' entry on the timeline:");
        perfguard.incidents().get(id).incident().timeline().stream().filter(t -> t.kind() == TimelineEntry.Kind.NOTIFICATION)
                .forEach(t -> out.println("   " + t.what()));
    }

    // --- 5. a load-test slot: asked two hours ahead, run now

    private void loadTest(String id) throws IOException {
        IncidentService incidents = perfguard.incidents();
        // the runbook's two hours' notice, and a minute for the time the request takes
        Instant start = perfguard.clock().instant().plus(Duration.ofHours(2).plusMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
        incidents.requestLoadTest(id, new LoadTestPlan(List.of("search"), 8, "none", start), RESPONDER);
        incidents.confirmLoadTest(id, 1, DEVOPS);
        out.println("5. perfguard incident load-test request " + id + " --scenario search --concurrency 8 --start " + start
                + "   (two hours' notice, confirmed by " + DEVOPS + ")");
        Path scenario = folder.resolve("search.yaml");
        Files.writeString(scenario, "target: " + target.uri() + "\nqueries: " + queries.getFileName() + "\nrequests:\n"
                + "  - name: search\n    path: /search?q={{query}}&k=10&qid={{query_id}}\nstages:\n"
                + "  - executor: constant-arrival-rate\n    rate: 50\n    duration: " + loadTest.toSeconds() + "s\n"
                + "    max_in_flight: 8\nmax_requests: 10000\n", StandardCharsets.UTF_8);
        Scenario sc = SlotRun.scenario(scenario, List.of());
        out.println("   perfguard incident load-test run " + id + " 1 --scenario " + rel(scenario) + " --queries " + rel(queries)
                + " --qrels " + rel(qrels) + " --before " + rel(run("after")) + " --dataset " + DATASET + " --now"
                + "   (--now: the demo runs the slot at once instead of in two hours; " + loadTest.toSeconds() + " s at 50/s)");
        out.flush();
        SlotRun.Outcome o = SlotRun.run(1, 1, sc, Optional.of(new SlotRun.Retrieval(SlotRun.endpoint(sc, "/search"), queries, qrels,
                Optional.of(run("after")), DATASET)), folder, out);
        for (Map.Entry<String, byte[]> a : o.artefacts().entrySet()) {
            incidents.addArtefact(id, a.getKey(), a.getValue(), RESPONDER);
        }
        o.summary().lines().forEach(l -> out.println("     " + l));
        out.println("     the target's gauge " + DemoMetrics.GAUGE + " " + metrics.quality().orElse("absent") + " (ranking still naive)");
        LoadTestFinding.Verdict verdict = o.verdict().orElseThrow();
        incidents.completeLoadTest(id, 1, verdict, o.summary(), o.recollected(), RESPONDER);
        out.println("   load test 1 completed, verdict " + verdict.wireName() + " (the test did not make retrieval worse than the"
                + " regressed build); attached: " + String.join(", ", o.artefacts().keySet()));
    }

    // --- 6. no fix: roll the flag back, DevOps approves

    private void rollback(String id) throws IOException, InterruptedException {
        IncidentService incidents = perfguard.incidents();
        FlagService flagService = perfguard.flags().orElseThrow(() -> new PerfguardException(ErrorCode.INTERNAL, "no flag store"));
        incidents.decide(id, MitigationFacts.noFix(MitigationFacts.Containment.FEATURE_FLAG_ROLLBACK, Optional.empty()), RESPONDER);
        for (IncidentState s : List.of(IncidentState.INVESTIGATING, IncidentState.MITIGATING)) {
            advance(id, s);
        }
        out.println("6. perfguard incident decide " + id + " --no-fix --containment feature-flag-rollback");
        Rollback requested = flagService.request(id, new FlagService.Target.Flag(FLAG), RESPONDER);
        out.println("   perfguard incident rollback " + id + " --flag " + FLAG + "   (rollback " + requested.number() + ", "
                + requested.state().toString().toLowerCase(Locale.ROOT) + " by " + RESPONDER + ", DevOps asked)");
        Rollback done = flagService.approve(id, requested.number(), DEVOPS);
        out.println("   perfguard incident rollback-approve " + id + " " + requested.number() + "   (by " + DEVOPS + ": "
                + FLAG + " " + done.before().orElse("?") + " -> " + done.after().orElse("?") + " in " + rel(flags) + ", "
                + done.state().toString().toLowerCase(Locale.ROOT) + ")");
        out.println("   the target now ranks with " + ranking() + " (Demo-Target-Ranking header of a search)");
    }

    private void advance(String id, IncidentState to) {
        IncidentState now = perfguard.incidents().get(id).incident().state();
        if (now.ordinal() < to.ordinal()) {
            perfguard.incidents().transition(id, to, RESPONDER);
        }
    }

    // --- 7. two windows in tolerance after the rollback, measured on the target

    private void windows(String id) throws IOException, InterruptedException {
        IncidentService incidents = perfguard.incidents();
        Incident incident = incidents.get(id).incident();
        Instant contained = incident.containedAt().orElseThrow();
        advance(id, IncidentState.MONITORING);
        int needed = perfguard.config().closeAfterWindows();
        out.println("7. monitoring: " + needed + " reporting windows of " + seconds(window)
                + " (the demo's reporting_window) after the rollback at " + contained + ", each a re-collection of every query"
                + " judged against the runs before the deploy, and the telemetry expectation judged on the window;"
                + " watched until " + needed + " consecutive ones are in tolerance");
        Instant start = ReportingWindow.slotStart(contained, window);
        if (start.isBefore(contained)) {
            start = start.plus(window);
        }
        Set<String> triggering = new HashSet<>();
        incident.discrepancies().forEach(d -> triggering.add(d.metric()));
        // as in production, windows are watched until enough consecutive ones are in tolerance; on a loaded machine
        // a window's searches may not all land before its last point, and that window then does not count
        int inRow = 0;
        for (int n = 0; inRow < needed && n < needed + EXTRA_WINDOWS; n++) {
            Instant from = start.plus(window.multipliedBy(n));
            sleepUntil(from);
            Evaluation again = collect("window-" + (n + 1));
            List<MeasureComparison> cmp = Comparison.compare(baseline, again, 0.1, 10_000, 24301);
            Set<String> regressed = new HashSet<>(new DropRule(0.05, 0.01).judge(cmp).regressedMeasures());
            List<WindowOutcome> results = new ArrayList<>();
            for (MeasureComparison c : cmp) {
                String metric = RagDiscrepancies.metricName(c.measure(), DATASET);
                if (triggering.contains(metric)) {
                    results.add(new WindowOutcome(metric, regressed.contains(c.measure()) ? MetricOutcome.BREACH
                            : MetricOutcome.WITHIN_TOLERANCE, Optional.of(c.after())));
                }
            }
            Window w = new Window(from, window);
            List<WindowResult> telemetry = judge(w);
            ReportingWindow judged = Evaluator.toReportingWindow(w, telemetry);
            for (WindowResult t : telemetry) {
                if (triggering.contains(t.metric())) {
                    results.add(new WindowOutcome(t.metric(), judged.results().get(t.metric()),
                            t.value().isPresent() ? Optional.of(t.value().getAsDouble()) : Optional.empty()));
                }
            }
            incidents.recordWindow(id, from, results, "perfguard-demo");
            boolean within = results.stream().allMatch(r -> r.outcome() == MetricOutcome.WITHIN_TOLERANCE);
            inRow = within ? inRow + 1 : 0;
            out.println("   window " + from + " to " + from.plus(window) + ": " + results.stream()
                    .map(r -> r.metric() + " " + r.value().map(DemoRunbook::fixed).orElse("-") + " "
                            + r.outcome().toString().toLowerCase(Locale.ROOT)).toList()
                    + (within ? "" : "; not in tolerance, so the gate waits for " + needed + " consecutive windows after it"));
        }
        for (MitigationTask t : incidents.get(id).incident().decision().orElseThrow().tasks()) {
            if (t.doneBy().isEmpty()) {
                incidents.completeTask(id, t.number(), RESPONDER);
                out.println("   perfguard incident task " + id + " " + t.number() + " --done   (" + t.title() + ")");
            }
        }
        incidents.writeSummary(id, "the " + FLAG + " flag switched the search ranking from BM25 to a title-only TF-IDF",
                "rolled back with its feature flag (rollback 1, approved by " + DEVOPS + "); quality back at the baseline"
                        + " in two reporting windows", RESPONDER);
        out.println("   perfguard incident summary " + id + " --root-cause ... --remediation ...");
    }

    private void sleepUntil(Instant at) throws InterruptedException {
        long ms = Duration.between(perfguard.clock().instant(), at).toMillis();
        if (ms > 0) {
            Thread.sleep(ms + 1);
        }
    }

    // --- 8. and 9.

    private void close(String id) {
        Incident closed = perfguard.incidents().close(id, RESPONDER).incident();
        out.println("8. perfguard incident close " + id + "   (" + closed.state().toString().toLowerCase(Locale.ROOT)
                + " through the closing gate: " + closed.timeline().getLast().what() + ")");
    }

    private void write(String id) throws IOException {
        Path report = folder.resolve(id + "-report.md");
        Path lessons = folder.resolve(id + "-lessons.md");
        Files.writeString(report, perfguard.incidents().report(id), StandardCharsets.UTF_8);
        Files.writeString(lessons, perfguard.incidents().lessons(id), StandardCharsets.UTF_8);
        out.println("9. perfguard incident report " + id + " > " + rel(report));
        out.println("   perfguard incident lessons " + id + " > " + rel(lessons));
    }

    // --- the target, seen from outside

    /** The ranking a search gets now, from the target's answer header. */
    private String ranking() throws IOException, InterruptedException {
        HttpResponse<Void> r = http(URI.create(target.uri() + "search?q=boundary+layer&k=1"), HttpResponse.BodyHandlers.discarding());
        return r.headers().firstValue("Demo-Target-Ranking").orElse("?");
    }

    private static <T> HttpResponse<T> http(URI uri, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), body);
        }
    }

    private static Path rel(Path p) {
        return relative(p);
    }

    /** {@code p} relative to the working folder when it is inside it, as a user would type it there. */
    static Path relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : p;
    }

    static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
