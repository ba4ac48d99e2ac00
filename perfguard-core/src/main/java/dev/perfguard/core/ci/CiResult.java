package dev.perfguard.core.ci;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric judged: the medians of the baseline's and this build's samples (NaN when a side has none), the
 * sample counts, the one-sided rank-test p-value that this build is worse (when both sides were repeated
 * samples), the status and a one-line reason.
 */
public record CiResult(CiMetric metric, double baseline, double current, int baselineSamples, OptionalDouble pValue,
        CiStatus status, String reason) {
    public CiResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(pValue, "pValue");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    public double relativeChange() {
        return baseline == 0 || Double.isNaN(baseline) ? Double.NaN : (current - baseline) / Math.abs(baseline);
    }
}
