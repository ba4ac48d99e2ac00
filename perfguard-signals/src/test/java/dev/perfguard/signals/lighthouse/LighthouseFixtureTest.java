package dev.perfguard.signals.lighthouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.lighthouse.ComparisonPolicy;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.MedianRun;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.core.lighthouse.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The verdicts on real Lighthouse 13.5.0 runs that the gate must get right. */
class LighthouseFixtureTest {
    private final LhrReader reader = new LhrReader();
    private final LighthouseComparison comparison = new LighthouseComparison(ComparisonPolicy.defaults());

    private List<LighthouseRun> runs(String preset, String variant) {
        return reader.readAll(List.of(SharedFixtures.lighthouse(preset, variant)));
    }

    @ParameterizedTest
    @CsvSource({"desktop,good,run-1.json", "desktop,regressed,run-2.json", "mobile,good,run-4.json", "mobile,regressed,run-5.json"})
    void representativeRunMatchesLighthouseComputeMedianRun(String preset, String variant, String expected) {
        List<LighthouseRun> runs = runs(preset, variant);
        int i = MedianRun.pick(runs).orElseThrow();
        assertThat(Path.of(runs.get(i).source()).getFileName().toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"desktop", "mobile"})
    void goodAgainstRegressedFlagsEveryCoreMetric(String preset) {
        ComparisonReport report = comparison.compare(runs(preset, "good"), runs(preset, "regressed"));
        assertThat(report.verdict()).isEqualTo(ComparisonVerdict.REGRESSION);
        assertThat(report.groups()).hasSize(1);
        GroupResult g = report.groups().getFirst();
        assertThat(g.pairing()).contains("form factor alone");
        Map<LighthouseMetric, Status> status = statuses(g);
        for (LighthouseMetric m : List.of(LighthouseMetric.PERFORMANCE_SCORE, LighthouseMetric.FIRST_CONTENTFUL_PAINT,
                LighthouseMetric.LARGEST_CONTENTFUL_PAINT, LighthouseMetric.CUMULATIVE_LAYOUT_SHIFT,
                LighthouseMetric.TOTAL_BLOCKING_TIME, LighthouseMetric.SPEED_INDEX)) {
            assertThat(status.get(m)).as(preset + " " + m).isEqualTo(Status.REGRESSION);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"desktop", "mobile"})
    void regressedAgainstGoodIsAnImprovementNotARegression(String preset) {
        ComparisonReport report = comparison.compare(runs(preset, "regressed"), runs(preset, "good"));
        assertThat(report.verdict()).isNotEqualTo(ComparisonVerdict.REGRESSION);
        assertThat(statuses(report.groups().getFirst()).get(LighthouseMetric.LARGEST_CONTENTFUL_PAINT))
                .isEqualTo(Status.IMPROVEMENT);
    }

    /** Every way of splitting one variant's five runs into two non-empty sides must flag nothing. */
    @ParameterizedTest
    @CsvSource({"desktop,good", "desktop,regressed", "mobile,good", "mobile,regressed"})
    void splittingOneVariantFlagsNothing(String preset, String variant) {
        List<LighthouseRun> all = runs(preset, variant);
        int n = all.size();
        assertThat(n).isEqualTo(5);
        int flagged = 0;
        StringBuilder which = new StringBuilder();
        for (int mask = 1; mask < (1 << n) - 1; mask++) {
            final int m = mask;
            List<LighthouseRun> base = IntStream.range(0, n).filter(i -> (m & (1 << i)) != 0).mapToObj(all::get).toList();
            List<LighthouseRun> cur = IntStream.range(0, n).filter(i -> (m & (1 << i)) == 0).mapToObj(all::get).toList();
            ComparisonReport r = comparison.compare(base, cur);
            if (r.verdict() == ComparisonVerdict.REGRESSION) {
                flagged++;
                which.append(Integer.toBinaryString(mask)).append(": ").append(regressions(r)).append('\n');
            }
        }
        assertThat(flagged).as(which.toString()).isZero();
    }

    @org.junit.jupiter.api.Test
    void firstThreeAgainstLastTwoAndOddAgainstEvenFlagNothing() {
        for (String preset : List.of("desktop", "mobile")) {
            for (String variant : List.of("good", "regressed")) {
                List<LighthouseRun> all = runs(preset, variant);
                assertThat(comparison.compare(all.subList(0, 3), all.subList(3, 5)).verdict()).isNotEqualTo(ComparisonVerdict.REGRESSION);
                List<LighthouseRun> odd = List.of(all.get(0), all.get(2), all.get(4));
                List<LighthouseRun> even = List.of(all.get(1), all.get(3));
                assertThat(comparison.compare(odd, even).verdict()).isNotEqualTo(ComparisonVerdict.REGRESSION);
                assertThat(comparison.compare(even, odd).verdict()).isNotEqualTo(ComparisonVerdict.REGRESSION);
            }
        }
    }

    private static Map<LighthouseMetric, Status> statuses(GroupResult g) {
        return g.metrics().stream().collect(Collectors.toMap(MetricResult::metric, MetricResult::status));
    }

    private static String regressions(ComparisonReport r) {
        return r.groups().stream().flatMap(g -> g.metrics().stream())
                .filter(m -> m.status() == Status.REGRESSION)
                .map(m -> m.metric().shortName() + " " + m.reason())
                .collect(Collectors.joining("; "));
    }
}
