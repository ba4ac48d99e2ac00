package dev.perfguard.app.lighthouse;

import java.util.List;
import java.util.Optional;

/**
 * What a report says above the groups: for a stored-build check, the build and its baseline, and
 * anything learned from the series (change points).
 */
record Header(Optional<String> build, Optional<String> baselineBuild, List<String> lines, List<HistoryFinding> history) {
    Header {
        lines = List.copyOf(lines);
        history = List.copyOf(history);
    }

    Header(Optional<String> build, Optional<String> baselineBuild, List<String> lines) {
        this(build, baselineBuild, lines, List.of());
    }

    static Header none() {
        return new Header(Optional.empty(), Optional.empty(), List.of());
    }
}
