package dev.perfguard.core.lighthouse;

import java.util.List;
import java.util.Objects;

/** The whole comparison: a verdict, each group, the failed runs left out, and general notes. */
public record ComparisonReport(ComparisonVerdict verdict, List<GroupResult> groups, List<LighthouseRun> failedRuns, List<String> notes) {
    public ComparisonReport {
        Objects.requireNonNull(verdict, "verdict");
        groups = List.copyOf(groups);
        failedRuns = List.copyOf(failedRuns);
        notes = List.copyOf(notes);
    }
}
