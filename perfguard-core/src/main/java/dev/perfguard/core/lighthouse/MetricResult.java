package dev.perfguard.core.lighthouse;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric of one group compared.
 *
 * @param representativeValue the value in the current group's representative (median) run, NaN if none
 * @param relativeDelta delta over the baseline median; NaN when the baseline median is 0
 * @param pValue one-sided exact rank-test p-value that the current runs are worse; NaN when not computed
 */
public record MetricResult(
        LighthouseMetric metric,
        int baselineRuns,
        int currentRuns,
        double baselineMedian,
        double currentMedian,
        double representativeValue,
        double delta,
        double relativeDelta,
        double pValue,
        OptionalDouble budget,
        boolean budgetBroken,
        Status status,
        String reason) {
    public MetricResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
