package dev.perfguard.runbook.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop tells its {@link TelemetryLoop.Observer} what each step evaluated and when a step failed (the server's metrics). */
class TelemetryLoopObserverTest {
    @TempDir Path tmp;

    @Test
    void theObserverHearsEveryEvaluationAndEveryFailedStep() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // nothing listens: every evaluation is an error verdict
        }
        Store store = TestStores.open(TestStores.Kind.SQLITE, tmp);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:30Z"));
        List<WindowResult> heard = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        try (PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2))) {
            WindowResultStore results = new WindowResultStore(store);
            TelemetryWatch watch = new TelemetryWatch(TelemetryLoopTest.EXPECTATIONS, TelemetryLoopTest.H, Duration.ofHours(2),
                    new PrometheusSource(client), results, "replica-a", Duration.ofMinutes(10));
            TelemetryLoop loop = new TelemetryLoop(watch, results, TelemetryLoopTest.incidents(store, clock), TelemetryLoopTest.SERVICE,
                    TelemetryLoopTest.H, clock, new PrintWriter(new StringWriter()), () -> { })
                    .observedBy(new TelemetryLoop.Observer() {
                        @Override
                        public void evaluated(WindowResult result) {
                            heard.add(result);
                        }

                        @Override
                        public void stepFailed() {
                            failed.incrementAndGet();
                        }
                    });
            List<WindowResult> evaluated = loop.step();
            assertThat(evaluated).isNotEmpty().extracting(WindowResult::verdict).containsOnly(WindowVerdict.ERROR);
            assertThat(heard).isEqualTo(evaluated);
            assertThat(failed).hasValue(0);

            store.close();
            clock.set(clock.instant().plus(TelemetryLoopTest.H));
            assertThat(loop.step()).isEmpty();
            assertThat(failed).hasValue(1);
            assertThat(heard).isEqualTo(evaluated);
        }
    }
}
