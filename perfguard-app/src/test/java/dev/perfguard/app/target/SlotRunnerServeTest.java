package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.app.wiring.Serving;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.core.incident.LoadTestPlan;
import dev.perfguard.core.incident.LoadTestState;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.store.Store;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perfguard serve} with {@code loadtest.scenario}, {@code queries} and {@code qrels}: a confirmed slot whose start has
 * come is run once by the server against the real demo target and completed; a slot already started is left alone.
 */
class SlotRunnerServeTest {
    @TempDir Path tmp;

    /** A clock the test moves forward, so a slot requested hours ahead comes due. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void theServerRunsADueConfirmedSlotOnceAndCompletesIt() throws Exception {
        List<String> lines = Cranfield.resource("queries.jsonl").lines().limit(40).toList();
        Path queries = Files.writeString(tmp.resolve("queries.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Set<String> ids = lines.stream().map(l -> TargetClient.json(l).get("query_id").asText()).collect(Collectors.toSet());
        Path qrels = Files.writeString(tmp.resolve("cranfield.qrels"), Cranfield.resource("qrels.txt").lines()
                .filter(l -> ids.contains(l.split("\\s+")[0])).collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        Path flags = tmp.resolve("flags.json");
        TargetClient.writeFlags(flags, TargetClient.flags("false", false));
        MovableClock clock = new MovableClock();
        StringWriter log = new StringWriter();
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(flags), new PrintWriter(new StringWriter()))) {
            Path scenario = Files.writeString(tmp.resolve("search.yaml"), """
                    target: %s
                    queries: queries.jsonl
                    requests:
                      - path: /search?q={{query}}&k=10
                    stages:
                      - {executor: constant-arrival-rate, rate: 50, duration: 2s, max_in_flight: 100}
                    max_requests: 1000
                    thresholds:
                      http_req_failed: ["rate<0.01"]
                    """.formatted(target.uri()));
            PerfguardConfig cfg = new ConfigLoader().parse("perfguard.yaml", """
                    loadtest:
                      scenario: %s
                      queries: %s
                      qrels: %s
                      poll: 100ms
                    """.formatted(scenario, queries, qrels));
            Bootstrap b = new Bootstrap(Map.of(), clock, () -> new ByteArrayInputStream(new byte[0]));
            try (Perfguard p = b.perfguard(cfg, new Store.Location.Sqlite(tmp.resolve("s.db")), Perfguard.Use.SERVER)) {
                IncidentService incidents = p.incidents();
                Instant now = clock.instant();
                String id = incidents.report(new RegressionReport("search", List.of(new Discrepancy("edge.latency_p95_s",
                        new Evidence.TelemetryWindows(0.3, List.of(new Evidence.WindowValue(now, 0.5))), List.of(), now))), "test")
                        .stored().incident().id();
                for (int n = 1; n <= 2; n++) {
                    incidents.requestLoadTest(id, new LoadTestPlan(List.of("search"), 50, "none", now.plus(Duration.ofHours(3))), "alice");
                    incidents.confirmLoadTest(id, n, "devops");
                }
                // slot 1 was started before (a restart in the middle of its run): never started again
                incidents.addArtefact(id, "loadtest-1-started.txt", "started".getBytes(StandardCharsets.UTF_8), "perfguard-serve");
                try (Serving serving = p.serve("127.0.0.1", 0, new PrintWriter(log, true))) {
                    clock.now.set(now.plus(Duration.ofHours(3)));
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (incidents.get(id).incident().loadTests().get(1).state() != LoadTestState.DONE && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                }
                var incident = incidents.get(id).incident();
                assertThat(incident.loadTests().get(1).state()).as(log.toString()).isEqualTo(LoadTestState.DONE);
                LoadTestFinding f = incident.loadTests().get(1).finding().orElseThrow();
                assertThat(f.verdict()).as(f.summary()).isEqualTo(LoadTestFinding.Verdict.ACCEPT);
                assertThat(f.author()).isEqualTo("perfguard-serve");
                assertThat(f.recollected()).extracting(m -> m.metric() + "@" + m.dataset()).contains("rag.ndcg_cut_10@cranfield");
                assertThat(incident.artefacts()).extracting(a -> a.name()).contains("loadtest-2-started.txt", "loadtest-2-summary.json",
                        "loadtest-2-latency.hlog", "loadtest-2-latency-over-time.json");
                assertThat(incident.loadTests().get(0).state()).isEqualTo(LoadTestState.CONFIRMED);
                assertThat(incident.artefacts()).noneMatch(a -> a.name().equals("loadtest-1-summary.json"));
                assertThat(log.toString()).contains("load test 2 of " + id + " completed: accept");
            }
        }
    }

    @Test
    void aMissingScenarioOrHalfARetrievalCheckNamesTheKey() {
        ConfigLoader loader = new ConfigLoader();
        assertThatThrownBy(() -> loader.parse("p.yaml", "loadtest:\n  scenario: s.yaml\n  queries: q.jsonl\n"))
                .hasMessageContaining("loadtest.qrels");
        assertThatThrownBy(() -> loader.parse("p.yaml", "loadtest:\n  queries: q.jsonl\n  qrels: q.txt\n"))
                .hasMessageContaining("loadtest.scenario");
        PerfguardConfig cfg = loader.parse("p.yaml", "loadtest:\n  scenario: " + tmp.resolve("none.yaml") + "\n");
        try (Perfguard p = new Bootstrap(Map.of(), Clock.systemUTC(), () -> new ByteArrayInputStream(new byte[0]))
                .perfguard(cfg, new Store.Location.Sqlite(tmp.resolve("e.db")), Perfguard.Use.SERVER)) {
            assertThatThrownBy(() -> p.serve("127.0.0.1", 0, new PrintWriter(new StringWriter())).close())
                    .hasMessageContaining("loadtest.scenario: no such file");
        }
    }
}
