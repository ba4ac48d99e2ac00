package dev.perfguard.app.web;

import dev.perfguard.app.config.LighthouseSettings;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.ci.CiComparison;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.StoredRun;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.ci.MetricPoints;
import dev.perfguard.runbook.flags.FlagService;
import dev.perfguard.runbook.flags.FlagdFile;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import dev.perfguard.signals.ingest.MetricFile;
import dev.perfguard.signals.ingest.MetricFiles;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A real server with the web pages on a loopback port over a real store, one token per role, a settable clock. */
final class WebFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-27T10:20:00Z");
    static final String LCP = "lighthouse.lcp_ms{page=/search}";

    final Store.Location location;
    final Store store;
    final MutableClock clock = new MutableClock(T0);
    final IncidentService incidents;
    final BuildStore builds;
    final BuildCheck check;
    final CiCheck ingested;
    final WebUi web;
    final PerfguardServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);

    WebFixture(Path tmp) {
        this(tmp, TestStores.Kind.SQLITE);
    }

    WebFixture(Path tmp, TestStores.Kind kind) {
        this(tmp, kind, Optional.empty());
    }

    /** With a flagd flag file as the flag store: captured with the evidence, diffed and rolled back from the page. */
    WebFixture(Path tmp, TestStores.Kind kind, Optional<Path> flagd) {
        location = TestStores.location(kind, tmp);
        store = Store.open(location);
        ApiTokens apiTokens = new ApiTokens(store, clock);
        for (Role r : Role.values()) {
            tokens.put(r, apiTokens.create(r.wireName() + "-user", r).token());
        }
        IncidentService plain = new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.of(List.of(new OwnershipRules.Rule("web-perf", "lighthouse.*"))), 1024 * 1024), clock);
        Optional<FlagdFile> file = flagd.map(FlagdFile::at);
        incidents = file.map(f -> plain.withFlagCapture(FlagService.capture(f))).orElse(plain);
        Optional<FlagService> flags = file.map(f -> new FlagService(store, f, incidents, OutboxRouting.console(),
                FlagService.DEFAULT_LOOKBACK));
        StoreOutbox outbox = new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE);
        builds = new BuildStore(store);
        check = new BuildCheck(builds, LighthouseSettings.check(PerfguardConfig.defaults().lighthouse()), clock);
        ingested = new CiCheck(new MetricPoints(store), check.policy(), new CiComparison(CiCheck.DEFAULT_TOLERANCE,
                check.policy().comparison().alpha(), check.policy().comparison().minRuns()), clock);
        web = new WebUi(incidents, builds, check, ingested, apiTokens, clock, id -> Optional.of(URI.create("https://jira.example/browse/PERF-1")),
                flags);
        server = PerfguardServer.start(incidents, outbox, apiTokens, clock, "theo-engine-web", "127.0.0.1", 0,
                new dev.perfguard.app.server.ServerMetrics(outbox, incidents, Set.of()), Optional.of(web));
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    String token(Role role) {
        return tokens.get(role);
    }

    /** Opens an incident whose LCP went from 2,100 ms to {@code current} and answers its id. */
    String openIncident(double current) {
        Discrepancy d = new Discrepancy(LCP, new Evidence.LighthouseDelta(2100, current, "ms", 5, Optional.of(0.004)),
                List.of(new PanelLink("Web Vitals", URI.create("https://grafana.example/d/web-vitals"))), clock.instant());
        return incidents.report(new RegressionReport("theo-engine-web", List.of(d)), "ci").stored().incident().id();
    }

    /**
     * Stores the demo's two builds from the bundled examples, as {@code perfguard demo} does: the good runs as
     * {@code example-main-1} on main, the regressed ones as {@code example-pr-2} checked against it.
     */
    BuildCheck.Outcome storeDemoBuilds() {
        check.check("example-main-1", "main", Optional.of("a1b2c3d"), Optional.empty(), examples("good"));
        clock.advance(java.time.Duration.ofMinutes(5));
        return check.check("example-pr-2", "feature/hero-image", Optional.of("e4f5a6b"), Optional.of("example-main-1"),
                examples("regressed"));
    }

    /**
     * Ingests the bundled example perf_metrics build 1234 (main) and 1235, the same an hour later with another
     * commit and a bundle 200,000 bytes larger, read and stored as {@code perfguard ingest} reads and stores them.
     */
    void ingestExampleBuilds(Path dir) throws java.io.IOException {
        MetricFiles files = new MetricFiles(new LhrReader(), u -> u);
        Path example = Path.of("../examples/perf_metrics/build-1234.json");
        Path later = java.nio.file.Files.writeString(dir.resolve("build-1235.json"), java.nio.file.Files.readString(example)
                .replace("\"build\": \"1234\"", "\"build\": \"1235\"").replace("9f2c1e7", "0a1b2c3")
                .replace("2026-12-03T10:15:30Z", "2026-12-03T11:15:30Z").replace("412345", "612345"));
        for (Path f : List.of(example, later)) {
            MetricFiles.Read read = files.readAll(List.of(f));
            MetricFile file = read.files().getFirst();
            ingested.check(file.build().orElseThrow(), file.branch().orElseThrow(), file.commit(), file.time(), Optional.empty(),
                    Set.of(file.kind().label()), read.metrics());
        }
    }

    static List<StoredRun> examples(String variant) {
        LhrReader reader = new LhrReader();
        try (var in = WebFixture.class.getResourceAsStream("/examples/lighthouse/index.txt")) {
            List<StoredRun> runs = new java.util.ArrayList<>();
            for (String rel : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (rel.contains("/" + variant + "/")) {
                    LhrReader.Digested d = reader.readDigested(rel, () -> WebFixture.class.getResourceAsStream("/examples/lighthouse/" + rel));
                    runs.add(new StoredRun(d.sha256(), d.run()));
                }
            }
            return runs;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
