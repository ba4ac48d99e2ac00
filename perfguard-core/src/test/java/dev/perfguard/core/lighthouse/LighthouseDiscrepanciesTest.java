package dev.perfguard.core.lighthouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LighthouseDiscrepanciesTest {
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void eachRegressedMetricOfEachGroupIsOneDiscrepancyNamedByPageAndPreset() {
        List<LighthouseRun> base = Runs.page("b", "https://x/", 5, 1600, 0.5, 0);
        List<LighthouseRun> cur = Runs.page("c", "https://x/", 5, 1200, 1.0, 0);
        ComparisonReport report = new LighthouseComparison(ComparisonPolicy.defaults()).compare(base, cur);
        List<MetricResult> regressed = report.groups().getFirst().metrics().stream()
                .filter(m -> m.status() == Status.REGRESSION).toList();
        assertThat(regressed).isNotEmpty();

        List<Discrepancy> ds = LighthouseDiscrepancies.of(report, T);

        assertThat(ds).hasSameSizeAs(regressed);
        String formFactor = report.groups().getFirst().formFactor();
        assertThat(ds).extracting(Discrepancy::metric).contains("lighthouse.si_ms{page=https://x/,preset=" + formFactor + "}");
        assertThat(ds).allSatisfy(d -> {
            assertThat(d.metricFamily()).isEqualTo("lighthouse");
            assertThat(d.detectedAt()).isEqualTo(T);
            assertThat(d.evidence()).isInstanceOf(Evidence.LighthouseDelta.class);
        });
        MetricResult si = regressed.stream().filter(m -> m.metric() == LighthouseMetric.SPEED_INDEX).findFirst().orElseThrow();
        Evidence.LighthouseDelta e = (Evidence.LighthouseDelta) ds.stream().filter(d -> d.metric().startsWith("lighthouse.si_ms"))
                .findFirst().orElseThrow().evidence();
        assertThat(e.baseline()).isEqualTo(si.baselineMedian());
        assertThat(e.current()).isEqualTo(si.currentMedian());
        assertThat(e.unit()).isEqualTo("ms");
        assertThat(e.runs()).isEqualTo(5);
        assertThat(si.pValue()).isBetween(0.0, 1.0);
        assertThat(e.pValue()).contains(si.pValue());
    }

    @Test
    void unitlessMetricsHaveNoUnitSuffix() {
        GroupResult g = new GroupResult("https://x/", "https://x/", "mobile", "same URL", 5, 5, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of());
        assertThat(LighthouseDiscrepancies.metricName(LighthouseMetric.CUMULATIVE_LAYOUT_SHIFT, g))
                .isEqualTo("lighthouse.cls{page=https://x/,preset=mobile}");
        assertThat(LighthouseDiscrepancies.metricName(LighthouseMetric.PERFORMANCE_SCORE, g))
                .isEqualTo("lighthouse.score{page=https://x/,preset=mobile}");
        assertThat(LighthouseDiscrepancies.metricName(LighthouseMetric.LARGEST_CONTENTFUL_PAINT, g))
                .isEqualTo("lighthouse.lcp_ms{page=https://x/,preset=mobile}");
    }

    @Test
    void aPassingComparisonHasNone() {
        List<LighthouseRun> same = Runs.page("a", "https://x/", 5, 1000, 1, 0);
        assertThat(LighthouseDiscrepancies.of(new LighthouseComparison(ComparisonPolicy.defaults()).compare(same, same), T)).isEmpty();
    }
}
