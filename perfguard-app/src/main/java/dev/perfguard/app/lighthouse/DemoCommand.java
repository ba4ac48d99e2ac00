package dev.perfguard.app.lighthouse;

import dev.perfguard.app.server.OutboxLoop;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.app.server.ServeCommand;
import dev.perfguard.app.server.Wiring;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;

import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.StoredRun;
import dev.perfguard.runbook.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code perfguard demo}: the main job on the bundled example data and the embedded store. Stores
 * the "good" Lighthouse runs as a build of main, then checks the "regressed" runs as a pull-request
 * build against it, and prints the report a CI job would print.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs perfguard's main job on bundled example data (real Lighthouse 13.5.0 runs) and the embedded store."})
public final class DemoCommand implements Callable<Integer> {
    static final String EXAMPLES = "/examples/lighthouse/";

    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE",
            description = "SQLite store for the demo (default: a fresh .perfguard/demo-<time>.db)")
    Path db;

    @Option(names = {"--no-serve", "--exit-after-setup"},
            description = "set everything up (builds, incident, token), print it, and exit instead of serving")
    boolean noServe;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "server port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--format", defaultValue = "text", description = "text, markdown, json or junit (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Mixin ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PerfguardConfig cfg = config.load();
        Clock clock = Clock.systemUTC();
        Path file = db != null ? db : Path.of(".perfguard", "demo-" + java.time.format.DateTimeFormatter
                .ofPattern("yyyyMMdd-HHmmss", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC).format(clock.instant()) + ".db");
        Store store = Store.open(new Store.Location.Sqlite(file), Store.Pool.SERVER);
        BuildCheck check = new BuildCheck(new BuildStore(store), cfg, clock);
        out.println("perfguard demo: store " + store.description());
        out.println("1. perfguard check --build example-main-1 --branch main   (examples: lighthouse/{desktop,mobile}/good, 10 runs)");
        BuildCheck.Outcome first = check.check("example-main-1", "main", Optional.of("a1b2c3d"), "auto", examples("good"));
        first.header().lines().forEach(l -> out.println("   " + l));
        out.println("2. perfguard check --build example-pr-2 --branch feature/hero-image --baseline example-main-1"
                + "   (examples: lighthouse/{desktop,mobile}/regressed, 10 runs)");
        out.println();
        BuildCheck.Outcome second = check.check("example-pr-2", "feature/hero-image", Optional.of("e4f5a6b"), "example-main-1", examples("regressed"));
        out.print(Reports.render(second.report(), format, second.header()));
        out.println();
        out.println("verdict: " + second.report().verdict().label() + " (a CI job running 'perfguard check' would exit "
                + (second.report().verdict() == dev.perfguard.core.lighthouse.ComparisonVerdict.REGRESSION ? 1 : 0) + "; the demo exits 0)");
        out.println();
        return serve(out, cfg, store, clock, second);
    }

    /** Steps 3-5: the incident from the regressions, an admin token, the server. */
    private int serve(PrintWriter out, PerfguardConfig cfg, Store store, Clock clock, BuildCheck.Outcome second)
            throws InterruptedException {
        try (OutboxLoop outbox = OutboxLoop.start(store, cfg, System::getenv, clock)) {
            return serve(out, cfg, store, clock, second, outbox);
        }
    }

    private int serve(PrintWriter out, PerfguardConfig cfg, Store store, Clock clock, BuildCheck.Outcome second,
            OutboxLoop outbox) throws InterruptedException {
        IncidentService incidents = Wiring.incidentService(store, cfg, clock, outbox.routing());
        ApiTokens tokens = new ApiTokens(store, clock);
        List<Discrepancy> ds = Regressions.discrepancies(second.report(), clock.instant());
        out.println("3. perfguard check --report-to ...   (the regressions become one incident with their evidence)");
        String id = null;
        if (ds.isEmpty()) {
            out.println("   no regression, so no incident");
        } else {
            IncidentService.Reported r = incidents.report(cfg.service(), ds, "perfguard-demo");
            id = r.stored().incident().id();
            byte[] json = Reports.render(second.report(), ReportFormat.json, second.header()).getBytes(StandardCharsets.UTF_8);
            incidents.addArtefact(id, "lighthouse-comparison.json", json, "perfguard-demo");
            out.println("   " + (r.opened() ? "opened " : "attached to ") + id + " (" + r.stored().incident().fingerprint().key()
                    + ") with " + ds.size() + " discrepancies:");
            ds.forEach(d -> out.println("     " + d.metric()));
            out.println("   notifications go to " + String.join(", ", outbox.channelNames()) + (outbox.channelNames().equals(
                    java.util.Set.of("console")) ? " (no notify: channel configured): the log and 'notification' entries"
                    + " on the incident's timeline" : ""));
        }
        ApiTokens.Created admin = tokens.create("demo-admin-" + clock.millis(), Role.ADMIN);
        try (PerfguardServer server = PerfguardServer.start(incidents,
                outbox.outbox(), tokens, clock, cfg.service(), "127.0.0.1", port)) {
            String url = "http://127.0.0.1:" + server.port();
            out.println("4. perfguard serve   " + url + "/api/v1   (OpenAPI: " + url + "/api/v1/openapi.json)");
            out.println("   admin token (shown once): " + admin.token());
            out.println();
            out.println("   export PERFGUARD_SERVER=" + url + " PERFGUARD_TOKEN=" + admin.token());
            if (id != null) {
                out.println("   ./perfguard incident show " + id);
                out.println("   ./perfguard incident hypothesis " + id + " --root-cause 'hero image no longer lazy-loaded' --flag new-hero=on");
                out.println("   ./perfguard incident report " + id);
            }
            out.flush();
            if (!noServe) {
                out.println("serving until interrupted (Ctrl-C)");
                out.flush();
                ServeCommand.awaitInterrupt();
            }
        }
        return 0;
    }

    private static List<StoredRun> examples(String variant) {
        LhrFiles files = new LhrFiles();
        List<StoredRun> runs = new ArrayList<>();
        for (String rel : index()) {
            if (rel.contains("/" + variant + "/")) {
                runs.add(files.readOne("examples/lighthouse/" + rel, () -> resource(EXAMPLES + rel)));
            }
        }
        return runs;
    }

    private static List<String> index() {
        try (InputStream in = resource(EXAMPLES + "index.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new PerfguardException(dev.perfguard.core.ErrorCode.INTERNAL, "bundled examples unreadable: " + e.getMessage(), e);
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
