package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvidenceSummaryTest {
    @Test
    void lighthouseSaysTheChangeTheRunsAndTheSignificance() {
        assertThat(new Evidence.LighthouseDelta(1215.832, 18319.65, "ms", 5, Optional.of(0.0079)).summary())
                .isEqualTo("1216 → 18320 ms (+1406.8 %, 5 runs, p = 0.008)");
        assertThat(new Evidence.LighthouseDelta(0.99, 0.36, "", 5).summary()).isEqualTo("0.99 → 0.36 (-63.6 %, 5 runs)");
        assertThat(new Evidence.LighthouseDelta(0, 0.1854, "", 5, Optional.of(0.0001)).summary())
                .isEqualTo("0 → 0.1854 (+0.1854, 5 runs, p < 0.001)");
        assertThat(new Evidence.LighthouseDelta(1200, 1500, "ms", 3).summary()).startsWith("1200 → 1500 ms");
        assertThat(new Evidence.LighthouseDelta(754.67315, 2305.998, "ms", 5).summary()).startsWith("754.7 → 2306 ms");
    }

    @Test
    void ragSaysTheDatasetAndHowManyQueriesGotWorse() {
        assertThat(new Evidence.RagEvalChange("golden", 0.7125, 0.6581, List.of("q1", "q2"), Optional.of(0.0021)).summary())
                .isEqualTo("0.7125 → 0.6581 on golden (-7.6 %, p = 0.002, 2 queries worse)");
    }

    @Test
    void telemetrySaysTheLatestWindowAgainstTheLimit() {
        assertThat(new Evidence.TelemetryWindows(0.3, List.of(new Evidence.WindowValue(Instant.parse("2026-11-21T04:00:00Z"), 0.75)))
                .summary()).isEqualTo("0.75 in the window from 2026-11-21T04:00:00Z against the limit 0.3 (1 window of evidence)");
    }

    @Test
    void aPValueOutsideZeroToOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Evidence.LighthouseDelta(1, 2, "ms", 5, Optional.of(1.5)))
                .hasMessageContaining("pValue must lie in [0, 1], was 1.5");
    }
}
