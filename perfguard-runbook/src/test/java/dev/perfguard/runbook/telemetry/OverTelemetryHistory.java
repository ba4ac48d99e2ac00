package dev.perfguard.runbook.telemetry;

import dev.perfguard.signals.prometheus.LocalPrometheus;
import dev.perfguard.signals.prometheus.TelemetryHistory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tests against one real Prometheus per class, backfilled with {@link TelemetryHistory}'s 36 hours. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
abstract class OverTelemetryHistory {
    LocalPrometheus prometheus;
    @TempDir Path tmp;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        prometheus = LocalPrometheus.start(dir, TelemetryHistory.openMetrics());
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
