package dev.perfguard.app.cli.serve;

import dev.perfguard.app.cli.lighthouse.LighthouseFormat;
import dev.perfguard.app.cli.lighthouse.LighthouseGate;
import dev.perfguard.app.cli.lighthouse.LighthouseReport;
import dev.perfguard.app.cli.lighthouse.ReportHeader;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.target.DemoTarget;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.app.wiring.Serving;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.core.lighthouse.LighthouseDiscrepancies;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.StoredRun;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Reported;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perfguard demo}: the whole runbook on the embedded store. Stores the "good" Lighthouse runs as a build
 * of main, checks the "regressed" runs as a pull-request build against it, prints the report a CI job would
 * print and opens their incident; then {@link DemoRunbook} walks the rag_eval incident on the demo target from
 * its opening to the closing gate and the written report; then it serves.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walks the whole runbook on bundled example data (real Lighthouse 13.5.0 runs), the demo target",
                "(a search service it starts on loopback) and the embedded store, then serves the web UI."})
public final class DemoCommand implements Callable<Integer> {
    static final String EXAMPLES = "/examples/lighthouse/";
    static final Path DEFAULT_STORE = Path.of(".perfguard", "demo.db");
    private static final String HOST = "127.0.0.1";

    private final Bootstrap bootstrap;

    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE",
            description = "SQLite store for the demo, kept between runs (default: .perfguard/demo.db, emptied at every start)")
    Path db;

    @Option(names = {"--no-serve", "--exit-after-setup"},
            description = "set everything up (builds, incident, token), print it, and exit instead of serving")
    boolean noServe;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "server port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--format", defaultValue = "text", description = "text, markdown, json or junit (default: ${DEFAULT-VALUE})")
    LighthouseFormat format;

    @Mixin ConfigOption config;

    DemoCommand(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Option(names = "--fast", description = "reporting windows of 5 s and a 3 s load test instead of 20 s and 10 s")
    boolean fast;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ServeCommand.requirePort(port);
        // the port first: a demo that cannot serve must not reset a store another demo may be serving
        ServeCommand.requireFree(HOST, port);
        Path file = db != null ? db : DEFAULT_STORE;
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path flags = folder.resolve("flags.json");
        DemoRunbook.writeFlags(flags);
        Duration window = Duration.ofSeconds(fast ? 5 : 20);
        PerfguardConfig cfg = demoConfig(config.load(), window, flags);
        if (db == null) {
            reset(file, out);
        }
        long began = System.nanoTime();
        try (DemoTarget target = DemoTarget.start(HOST, 0, Optional.of(flags), out);
                DemoMetrics metrics = DemoMetrics.start(target.uri(), folder);
                Perfguard perfguard = bootstrap.perfguard(cfg, new Store.Location.Sqlite(file), Perfguard.Use.SERVER);
                Serving serving = perfguard.serve(HOST, port, out)) {
            BuildCheck check = perfguard.buildCheck();
            out.println("perfguard demo: store " + perfguard.store().description() + "; reporting_window "
                    + DemoRunbook.seconds(window) + (fast ? " (--fast)" : " (--fast: 5 s)") + ", close_after_windows "
                    + cfg.closeAfterWindows() + ", flags.flagd " + shellWord(DemoRunbook.relative(flags).toString()));
            out.println("   the target's metrics: " + metrics.describe());
            out.println("1. perfguard check --build example-main-1 --branch main   (examples: lighthouse/{desktop,mobile}/good, 10 runs)");
            BuildCheck.Outcome first = check.check("example-main-1", "main", Optional.of("a1b2c3d"), Optional.empty(),
                    examples(perfguard.lhrReader(), "good"));
            LighthouseReport.header(first, check.policy()).lines().forEach(l -> out.println("   " + l));
            out.println("2. perfguard check --build example-pr-2 --branch feature/hero-image --baseline example-main-1"
                    + " --report-to ...   (examples: lighthouse/{desktop,mobile}/regressed, 10 runs)");
            out.println();
            BuildCheck.Outcome second = check.check("example-pr-2", "feature/hero-image", Optional.of("e4f5a6b"),
                    Optional.of("example-main-1"), examples(perfguard.lhrReader(), "regressed"));
            ReportHeader header = LighthouseReport.header(second, check.policy());
            out.print(LighthouseReport.render(second.report(), format, header));
            out.println();
            out.println("verdict: " + second.report().verdict().label() + " (a CI job running 'perfguard check' would exit "
                    + LighthouseGate.verdict(second.report()).exitStatus() + "; the demo exits 0)");
            out.println();
            Optional<String> lighthouse = openIncident(perfguard, second, header, out);
            out.flush();
            String id = new DemoRunbook(perfguard, target, metrics, folder, flags, window, Duration.ofSeconds(fast ? 3 : 10), out).walk();
            out.println(String.format(Locale.ROOT, "perfguard demo: the runbook took %.1f s; %s is closed%s",
                    (System.nanoTime() - began) / 1e9, id, lighthouse.map(l -> ", " + l + " (Lighthouse) stays open for you").orElse("")));
            out.println();
            ApiTokens.Created admin = perfguard.tokens().create("demo-admin-" + bootstrap.clock().millis(), Role.ADMIN);
            String url = "http://" + HOST + ":" + serving.port();
            String store = "--db " + shellWord(file.toString());
            out.println("perfguard serve   " + url + "/   (web pages; the API at " + url + "/api/v1, OpenAPI: " + url
                    + "/api/v1/openapi.json)");
            out.println("   sign in (one-time link, good for " + 15 + " minutes): " + url + serving.signInPath(admin.token()));
            out.println("   the closed incident's page: " + url + "/incidents/" + id);
            lighthouse.ifPresent(i -> out.println("   the open Lighthouse incident's page: " + url + "/incidents/" + i));
            out.println("   admin token (shown once): " + admin.token());
            out.println();
            out.println("   export PERFGUARD_SERVER=" + url + " PERFGUARD_TOKEN=" + admin.token());
            out.println("   ./perfguard incident show " + id);
            out.println("   ./perfguard incident report " + id);
            lighthouse.ifPresent(i -> out.println("   ./perfguard incident hypothesis " + i
                    + " --root-cause 'hero image no longer lazy-loaded' --flag new-hero=on"));
            out.println("   ./perfguard builds list " + store);
            out.println("   ./perfguard outbox list --state delivered " + store);
            out.println("   a token of your own, on the demo's store (print it, then export PERFGUARD_TOKEN=...):");
            out.println("   ./perfguard tokens create " + store + " --role responder --name you");
            out.flush();
            if (!noServe) {
                out.println("serving until interrupted (Ctrl-C)");
                out.flush();
                ServeCommand.awaitInterrupt();
            }
        }
        return 0;
    }

    /**
     * The user's configuration with the demo's reporting window and its flag file: the gate's windows must pass
     * within the demo, and the rollback must turn off the flag the demo target reads.
     */
    static PerfguardConfig demoConfig(PerfguardConfig c, Duration window, Path flags) {
        return new PerfguardConfig(c.service(), window, c.closeAfterWindows(), c.squads(), c.lighthouse(), c.ragEval(),
                c.telemetry(), c.notifications(), c.store(), c.server(), c.panels(), c.rerun(), c.loadtest(),
                new PerfguardConfig.FlagsConfig(flags.toString(), null, c.flags().diffLookback()), c.ingest());
    }

    /** Empties the default demo store, saying so: each demo starts from the same state and leaves one file behind. */
    private static void reset(Path file, PrintWriter out) {
        boolean existed = false;
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                existed |= Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix)) && suffix.isEmpty();
            }
        } catch (IOException e) {
            throw PerfguardException.badInput("cannot reset the demo store " + file + ": " + e.getMessage()
                    + "; remove it or give another with --db", e);
        }
        if (existed) {
            out.println("perfguard demo: reset the demo store " + file + " (every demo starts from an empty one;"
                    + " --db FILE keeps a store between runs)");
        }
    }

    /** {@code s} as one word for a POSIX shell. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** Step 3: the regressions become one incident with their evidence (the comparison as an artefact). */
    private Optional<String> openIncident(Perfguard perfguard, BuildCheck.Outcome second, ReportHeader header, PrintWriter out) {
        Instant now = perfguard.clock().instant();
        List<Discrepancy> ds = perfguard.panels().linked(LighthouseDiscrepancies.of(second.report(), now), second.evidenceFrom(now), now);
        if (ds.isEmpty()) {
            out.println("   no regression, so no incident");
            return Optional.empty();
        }
        out.println("   (the regressions become one incident with their evidence)");
        IncidentService incidents = perfguard.incidents();
        Optional<String> first = Optional.empty();
        for (RegressionReport report : RegressionReport.byFamily(perfguard.config().service(), ds)) {
            Reported r = incidents.report(report, "perfguard-demo");
            String id = r.stored().incident().id();
            byte[] json = LighthouseReport.render(second.report(), LighthouseFormat.json, header).getBytes(StandardCharsets.UTF_8);
            incidents.addArtefact(id, "lighthouse-comparison.json", json, "perfguard-demo");
            out.println("   " + (r.opened() ? "opened " : "attached to ") + id + " (" + r.stored().incident().fingerprint().key()
                    + ") with " + report.discrepancies().size() + " discrepancies:");
            report.discrepancies().forEach(d -> out.println("     " + d.metric()));
            first = first.or(() -> Optional.of(id));
        }
        Set<String> channels = perfguard.channelNames();
        out.println("   notifications go to " + String.join(", ", channels) + (channels.equals(Set.of("console"))
                ? " (no notify: channel configured): the log and 'notification' entries on the incident's timeline" : ""));
        return first;
    }

    private static List<StoredRun> examples(LhrReader reader, String variant) {
        List<StoredRun> runs = new ArrayList<>();
        for (String rel : index()) {
            if (rel.contains("/" + variant + "/")) {
                LhrReader.Digested d = reader.readDigested("examples/lighthouse/" + rel, () -> resource(EXAMPLES + rel));
                runs.add(new StoredRun(d.sha256(), d.run()));
            }
        }
        return runs;
    }

    private static List<String> index() {
        try (InputStream in = resource(EXAMPLES + "index.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.INTERNAL, "bundled examples unreadable: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoCommand.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("bundled example " + name + " is missing from the jar");
        }
        return in;
    }
}
