package dev.perfguard.core.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Direction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CiComparisonTest {
    private final CiComparison comparison = new CiComparison(0.10, 0.05, 3);

    private static CiMetric samples(Direction d, Double... v) {
        return CiMetric.samples("jmh.a.B.c", Map.of("mode", "avgt"), "ms/op", d, List.of(v));
    }

    private static CiMetric value(Direction d, double v) {
        return CiMetric.value("k6.http_reqs_rate", Map.of(), "req/s", d, v);
    }

    @Test
    void clearlyWorseSamplesAreARegressionWithTheExactRankTestsPValue() {
        CiResult r = comparison.judge(Optional.of(samples(Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2)),
                samples(Direction.LOWER_IS_BETTER, 2.0, 2.1, 2.2));
        // three a side without overlap: 1 / C(6,3) = 0.05 is not below alpha 0.05, so not yet a regression
        assertThat(r.status()).isEqualTo(CiStatus.INCONCLUSIVE);
        assertThat(r.pValue().getAsDouble()).isEqualTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        CiResult more = comparison.judge(Optional.of(samples(Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2, 1.05)),
                samples(Direction.LOWER_IS_BETTER, 2.0, 2.1, 2.2, 2.05));
        assertThat(more.status()).isEqualTo(CiStatus.REGRESSION);
        assertThat(more.pValue().getAsDouble()).isEqualTo(1 / 70.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(more.reason()).contains("beyond tolerance 10 %").contains("4 vs 4 samples");
    }

    @Test
    void higherIsBetterTurnsTheTestAround() {
        CiResult r = comparison.judge(Optional.of(samples(Direction.HIGHER_IS_BETTER, 10.0, 10.5, 11.0, 10.2, 10.8)),
                samples(Direction.HIGHER_IS_BETTER, 5.0, 5.5, 6.0, 5.2, 5.8));
        assertThat(r.status()).isEqualTo(CiStatus.REGRESSION);
        CiResult better = comparison.judge(Optional.of(samples(Direction.LOWER_IS_BETTER, 10.0, 10.5, 11.0, 10.2, 10.8)),
                samples(Direction.LOWER_IS_BETTER, 5.0, 5.5, 6.0, 5.2, 5.8));
        assertThat(better.status()).isEqualTo(CiStatus.IMPROVEMENT);
    }

    @Test
    void singleValuesAreJudgedByTheRelativeTolerance() {
        assertThat(comparison.judge(Optional.of(value(Direction.HIGHER_IS_BETTER, 100)), value(Direction.HIGHER_IS_BETTER, 91)).status())
                .isEqualTo(CiStatus.PASS);
        CiResult r = comparison.judge(Optional.of(value(Direction.HIGHER_IS_BETTER, 100)), value(Direction.HIGHER_IS_BETTER, 89));
        assertThat(r.status()).isEqualTo(CiStatus.REGRESSION);
        assertThat(r.pValue()).isEmpty();
        assertThat(r.reason()).isEqualTo("100 → 89 req/s (-11.0%) beyond tolerance 10 %");
        assertThat(comparison.judge(Optional.empty(), value(Direction.HIGHER_IS_BETTER, 1)).status()).isEqualTo(CiStatus.NEW);
    }

    @Test
    void seriesKeysSortLabelsAndNamesNeedAFamily() {
        CiMetric m = CiMetric.value("api.search_ms", Map.of("route", "/s", "method", "GET"), "ms", Direction.LOWER_IS_BETTER, 1);
        assertThat(m.series()).isEqualTo("api.search_ms{method=GET,route=/s}");
        assertThat(m.family()).isEqualTo("api");
        assertThatThrownBy(() -> CiMetric.value("nofamily", Map.of(), "", Direction.LOWER_IS_BETTER, 1))
                .hasMessageContaining("metric name 'nofamily' is invalid");
        assertThatThrownBy(() -> CiMetric.value("ci.a", Map.of(), "", Direction.LOWER_IS_BETTER, Double.NaN))
                .hasMessageContaining("not a finite number");
    }
}
