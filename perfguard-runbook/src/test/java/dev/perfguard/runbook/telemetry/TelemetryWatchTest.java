package dev.perfguard.runbook.telemetry;

import static dev.perfguard.signals.prometheus.TelemetryHistory.hour;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.Direction;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.telemetry.Baseline;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Rule;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import dev.perfguard.signals.prometheus.TelemetryHistory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The watch step against a real Prometheus and a real store: two replicas, catch-up after downtime, the closing gate. */
class TelemetryWatchTest extends OverTelemetryHistory {
    static final Duration H = Duration.ofHours(1);
    static final String P95 = TelemetryHistory.SEARCH_P95;
    static final String METRIC = "edge.latency_p95_s{route=/api/search}";
    static final List<Expectation> EXPECTATIONS = List.of(
            new Expectation("p95", P95, METRIC, Rule.Absolute.max(0.3), Optional.empty(), Optional.empty()),
            new Expectation("p95 vs yesterday", P95, METRIC,
                    new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0.25, true, Direction.LOWER_IS_BETTER), Optional.empty(), Optional.empty()),
            new Expectation("ndcg", "avg_over_time(rag_online_ndcg_at_10[$__window])", "rag.online_ndcg_at_10", Rule.Absolute.min(0.6),
                    Optional.empty(), Optional.empty()));

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void twoReplicasEvaluateEachWindowOnceAndCatchUpAfterDowntime(TestStores.Kind kind) throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        try (PrometheusClient client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(5))) {
            List<TelemetryWatch> replicas = new ArrayList<>();
            for (String owner : List.of("replica-a", "replica-b")) {
                replicas.add(new TelemetryWatch(EXPECTATIONS, H, Duration.ofHours(6), new PrometheusSource(client),
                        new WindowResultStore(Store.open(location)), owner, Duration.ofMinutes(10)));
            }
            Instant now = hour(29).plusSeconds(300); // windows 24..28 are closed and start within the 6h horizon
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<WindowResult> all = new ArrayList<>();
            try {
                List<Future<List<WindowResult>>> ticks = new ArrayList<>();
                for (TelemetryWatch w : replicas) {
                    ticks.add(pool.submit(() -> w.tick(now)));
                }
                for (Future<List<WindowResult>> f : ticks) {
                    all.addAll(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(all).hasSize(5 * 3);
            assertThat(all.stream().map(r -> r.name() + "@" + r.window().start()).distinct().count()).isEqualTo(15);
            assertThat(replicas.get(0).tick(now)).isEmpty();
            assertThat(replicas.get(1).tick(now)).isEmpty();

            // downtime until 33:01: the next tick catches up on 29..32
            List<WindowResult> caughtUp = replicas.get(1).tick(hour(33).plusSeconds(60));
            assertThat(caughtUp).extracting(r -> r.name() + "@" + r.window().start().toString().substring(11, 13) + "=" + r.verdict().wireName())
                    .containsExactly("p95@05=breach", "p95 vs yesterday@05=breach", "ndcg@05=breach",
                            "p95@06=breach", "p95 vs yesterday@06=breach", "ndcg@06=breach",
                            "p95@07=ok", "p95 vs yesterday@07=ok", "ndcg@07=ok",
                            "p95@08=ok", "p95 vs yesterday@08=ok", "ndcg@08=ok");

            WindowResultStore store = new WindowResultStore(Store.open(location));
            assertThat(store.results("p95", hour(23), hour(33))).extracting(WindowResult::verdict).containsExactly(
                    WindowVerdict.OK, WindowVerdict.OK, WindowVerdict.OK, WindowVerdict.OK, WindowVerdict.BREACH, WindowVerdict.BREACH, WindowVerdict.BREACH,
                    WindowVerdict.OK, WindowVerdict.OK);
            var windows = store.reportingWindows(List.of("p95", "p95 vs yesterday"), hour(23), hour(33));
            ClosingGate gate = new ClosingGate(2, H);
            assertThat(gate.evaluate(Set.of(METRIC), windows, hour(29), hour(32).plusSeconds(59)))
                    .isInstanceOf(ClosingGate.Result.NotClosable.class);
            assertThat(gate.evaluate(Set.of(METRIC), windows, hour(29), hour(33))).isInstanceOf(ClosingGate.Result.Closable.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void prometheusDownRecordsErrorWindowsWithoutCrashing(TestStores.Kind kind) {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2))) {
            WindowResultStore store = new WindowResultStore(TestStores.open(kind, tmp));
            TelemetryWatch watch = new TelemetryWatch(EXPECTATIONS, H, Duration.ofHours(2), new PrometheusSource(client), store, "a",
                    Duration.ofMinutes(10));
            List<WindowResult> results = watch.tick(hour(30));
            assertThat(results).hasSize(6).extracting(WindowResult::verdict).containsOnly(WindowVerdict.ERROR);
            assertThat(results).allSatisfy(r -> assertThat(r.detail()).contains("unreachable"));
            ClosingGate gate = new ClosingGate(2, H);
            assertThat(gate.evaluate(Set.of(METRIC), store.reportingWindows(List.of("p95"), hour(20), hour(30)), hour(27), hour(30)))
                    .isInstanceOf(ClosingGate.Result.NotClosable.class);
        }
    }
}
