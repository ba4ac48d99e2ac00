package dev.perfguard.core.lighthouse.assertions;

import java.util.List;

/**
 * Every assertion judged, passed ones included; {@link #shown()} lists what LHCI would write to
 * {@code assertion-results.json} (the passed ones only with {@code includePassedAssertions}).
 *
 * @param asserted whether assertions were configured at all
 */
public record AssertionReport(boolean asserted, List<AssertionResult> results, boolean includePassedAssertions) {
    /** No assertions were configured. */
    public static final AssertionReport NONE = new AssertionReport(false, List.of(), false);

    public AssertionReport {
        results = List.copyOf(results);
    }

    public List<AssertionResult> shown() {
        return includePassedAssertions ? results : results.stream().filter(r -> !r.passed()).toList();
    }

    public long failures() {
        return results.stream().filter(AssertionResult::fails).count();
    }

    public long warnings() {
        return results.stream().filter(AssertionResult::warns).count();
    }

    public long passes() {
        return results.stream().filter(AssertionResult::passed).count();
    }
}
