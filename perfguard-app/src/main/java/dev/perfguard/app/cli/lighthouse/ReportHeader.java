package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.runbook.builds.HistoryFinding;
import java.util.List;
import java.util.Optional;

/**
 * What a report says above the groups: for a stored-build check, the build and its baseline, and
 * anything learned from the series (change points).
 */
public record ReportHeader(Optional<String> build, Optional<String> baselineBuild, List<String> lines, List<HistoryFinding> history) {
    public ReportHeader {
        lines = List.copyOf(lines);
        history = List.copyOf(history);
    }

    public static ReportHeader none() {
        return new ReportHeader(Optional.empty(), Optional.empty(), List.of(), List.of());
    }
}
