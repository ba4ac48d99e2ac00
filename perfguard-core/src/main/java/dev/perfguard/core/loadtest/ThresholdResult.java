package dev.perfguard.core.loadtest;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A threshold judged on a summary.
 *
 * @param actual the value its aggregation read (empty when the summary did not report it: then it fails,
 *     since a bound nobody measured is not met)
 */
public record ThresholdResult(Threshold threshold, OptionalDouble actual, boolean passed) {
    public ThresholdResult {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(actual, "actual");
    }

    /** Judges every threshold on {@code summary}, in the given order. */
    public static List<ThresholdResult> evaluate(List<Threshold> thresholds, LoadTestSummary summary) {
        return thresholds.stream().map(t -> summary.valueFor(t.metric(), t.aggregation())
                        .map(v -> new ThresholdResult(t, OptionalDouble.of(v), t.holds(v)))
                        .orElseGet(() -> new ThresholdResult(t, OptionalDouble.empty(), false)))
                .toList();
    }

    public static boolean allPassed(List<ThresholdResult> results) {
        return results.stream().allMatch(ThresholdResult::passed);
    }
}
