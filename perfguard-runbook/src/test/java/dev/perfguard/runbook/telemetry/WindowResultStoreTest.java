package dev.perfguard.runbook.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class WindowResultStoreTest {
    static final Duration H = Duration.ofHours(1);
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir Path tmp;

    static Window w(int hour) {
        return new Window(T0.plus(H.multipliedBy(hour)), H);
    }

    static WindowResult result(String name, int hour, WindowVerdict v, double value) {
        Window win = w(hour);
        boolean hasValue = v == WindowVerdict.OK || v == WindowVerdict.BREACH;
        return new WindowResult(name, "edge.latency_p95_s{route=/api/search}", win, v,
                hasValue ? OptionalDouble.of(value) : OptionalDouble.empty(),
                name.contains("relative") ? OptionalDouble.of(0.25) : OptionalDouble.empty(), OptionalDouble.of(0.3),
                "histogram_quantile(0.95, sum by (le) (rate(x[1h])))", win.end(),
                Optional.of(new PanelLink(name, URI.create("https://grafana.example/d/e?viewPanel=4&from="
                        + win.start().toEpochMilli() + "&to=" + win.end().toEpochMilli()))),
                v == WindowVerdict.ERROR ? "Prometheus http://p: unreachable (connection refused)" : "above max 0.3");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void resultsRoundTripExactlyAndAreRecordedOnce(TestStores.Kind kind) {
        WindowResultStore s = new WindowResultStore(TestStores.open(kind, tmp));
        WindowResult a = result("p95 relative", 3, WindowVerdict.BREACH, 0.7500000000000001);
        WindowResult e = result("p95 relative", 4, WindowVerdict.ERROR, 0);
        assertThat(s.recordOnce(a, "cli", T0)).isTrue();
        assertThat(s.recordOnce(e, "cli", T0)).isTrue();
        assertThat(s.recordOnce(result("p95 relative", 3, WindowVerdict.OK, 0.1), "cli", T0)).isFalse();
        assertThat(s.results("p95 relative", w(0).start(), w(10).start())).containsExactly(a, e);
        assertThat(s.results("p95 relative", w(4).start(), w(10).start())).containsExactly(e);
        assertThat(s.results("other", w(0).start(), w(10).start())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aClaimIsExclusiveAndOnlyItsOwnerCompletesIt(TestStores.Kind kind) {
        WindowResultStore s = new WindowResultStore(TestStores.open(kind, tmp));
        assertThat(s.claim("p95", w(1), "replica-a", T0, LEASE)).isTrue();
        assertThat(s.claim("p95", w(1), "replica-b", T0.plusSeconds(1), LEASE)).isFalse();
        assertThat(s.claim("p95", w(1), "replica-a", T0.plusSeconds(2), LEASE)).as("own retry").isTrue();
        assertThatThrownBy(() -> s.complete(result("p95", 1, WindowVerdict.OK, 0.2), "replica-b", T0))
                .isInstanceOfSatisfying(PerfguardException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("is claimed by replica-a");
        s.complete(result("p95", 1, WindowVerdict.OK, 0.2), "replica-a", T0);
        assertThatThrownBy(() -> s.complete(result("p95", 1, WindowVerdict.BREACH, 0.9), "replica-a", T0))
                .hasMessageContaining("its result is already stored (by replica-a)");
        assertThat(s.claim("p95", w(1), "replica-b", T0.plus(Duration.ofDays(1)), LEASE)).as("done is never reclaimed").isFalse();
        assertThat(s.results("p95", T0, w(5).start())).extracting(WindowResult::verdict).containsExactly(WindowVerdict.OK);
        assertThatThrownBy(() -> s.complete(result("p95", 2, WindowVerdict.OK, 0.2), "replica-a", T0)).hasMessageContaining("never claimed");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void anExpiredClaimIsTakenOverOnce(TestStores.Kind kind) {
        WindowResultStore s = new WindowResultStore(TestStores.open(kind, tmp));
        assertThat(s.claim("p95", w(1), "crashed", T0, LEASE)).isTrue();
        assertThat(s.claim("p95", w(1), "replica-b", T0.plus(LEASE).minusMillis(1), LEASE)).isFalse();
        assertThat(s.claim("p95", w(1), "replica-b", T0.plus(LEASE), LEASE)).isTrue();
        assertThat(s.claim("p95", w(1), "replica-c", T0.plus(LEASE), LEASE)).isFalse();
        assertThatThrownBy(() -> s.complete(result("p95", 1, WindowVerdict.OK, 0.2), "crashed", T0)).hasMessageContaining("claimed by replica-b");
        s.complete(result("p95", 1, WindowVerdict.OK, 0.2), "replica-b", T0);
    }

    /** Several replicas (separate stores on one database), racing for the same windows: each window is won once. */
    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void concurrentReplicasEvaluateEachWindowExactlyOnce(TestStores.Kind kind) throws Exception {
        Store.Location location = TestStores.location(kind, tmp);
        int replicas = 6;
        List<WindowResultStore> stores = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            stores.add(new WindowResultStore(Store.open(location)));
        }
        int windows = 12;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> won = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                WindowResultStore s = stores.get(r);
                String owner = "replica-" + r;
                Callable<List<Integer>> job = () -> {
                    go.await();
                    List<Integer> mine = new ArrayList<>();
                    for (int h = 0; h < windows; h++) {
                        if (s.claim("p95", w(h), owner, T0, LEASE)) {
                            s.complete(result("p95", h, WindowVerdict.OK, h), owner, T0);
                            mine.add(h);
                        }
                    }
                    return mine;
                };
                won.add(pool.submit(job));
            }
            go.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : won) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(windows).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.get(0).results("p95", T0, w(windows).start())).hasSize(windows);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void catchUpListsTheClosedWindowsWithoutAResult(TestStores.Kind kind) {
        WindowResultStore s = new WindowResultStore(TestStores.open(kind, tmp));
        s.recordOnce(result("p95", 1, WindowVerdict.OK, 0.2), "x", T0);
        s.recordOnce(result("p95", 3, WindowVerdict.NO_DATA, 0), "x", T0);
        s.claim("p95", w(2), "crashed", T0, LEASE); // claimed, never completed: still missing
        s.recordOnce(result("errors", 2, WindowVerdict.OK, 0.2), "x", T0);
        // from inside window 0 (not a start): window 0 is not fully in range; to inside window 5: 5 not closed
        Map<String, List<Instant>> missed = s.catchUp(List.of("p95", "errors"), w(0).start().plusSeconds(1),
                w(5).start().plusSeconds(10), H);
        assertThat(missed).containsOnlyKeys("p95", "errors");
        assertThat(missed.get("p95")).containsExactly(w(2).start(), w(4).start());
        assertThat(missed.get("errors")).containsExactly(w(1).start(), w(3).start(), w(4).start());
        assertThat(s.catchUp(List.of("p95"), w(1).start(), w(1).start(), H).get("p95")).isEmpty();
        assertThatThrownBy(() -> s.catchUp(List.of("p95"), T0, T0.plus(Duration.ofDays(3650)), H))
                .hasMessageContaining("more than 10000 windows");
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void storedWindowsFeedTheClosingGate(TestStores.Kind kind) {
        WindowResultStore s = new WindowResultStore(TestStores.open(kind, tmp));
        s.recordOnce(result("p95", 1, WindowVerdict.BREACH, 0.7), "x", T0);
        s.recordOnce(result("p95", 2, WindowVerdict.OK, 0.2), "x", T0);
        s.recordOnce(result("p95", 3, WindowVerdict.OK, 0.2), "x", T0);
        s.recordOnce(result("p95 also", 3, WindowVerdict.ERROR, 0), "x", T0);
        List<ReportingWindow> windows = s.reportingWindows(List.of("p95"), T0, w(10).start());
        assertThat(windows).extracting(ReportingWindow::start).containsExactly(w(1).start(), w(2).start(), w(3).start());
        assertThat(windows.get(0).outcomeOf("edge.latency_p95_s{route=/api/search}")).isEqualTo(MetricOutcome.BREACH);
        var gate = new ClosingGate(2, H);
        Set<String> metric = Set.of("edge.latency_p95_s{route=/api/search}");
        assertThat(gate.evaluate(metric, windows, w(1).end(), w(4).start())).isInstanceOf(ClosingGate.Result.Closable.class);
        // the same metric in error from a second expectation keeps the window from counting
        List<ReportingWindow> both = s.reportingWindows(List.of("p95", "p95 also"), T0, w(10).start());
        assertThat(gate.evaluate(metric, both, w(1).end(), w(4).start())).isInstanceOf(ClosingGate.Result.NotClosable.class);
    }
}
