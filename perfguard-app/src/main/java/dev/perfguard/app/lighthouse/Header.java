package dev.perfguard.app.lighthouse;

import java.util.List;
import java.util.Optional;

/**
 * What a report says above the groups: for a stored-build check, the build and its baseline, and
 * anything learned from the series (change points).
 */
record Header(Optional<String> build, Optional<String> baselineBuild, List<String> lines) {
    Header {
        lines = List.copyOf(lines);
    }

    static Header none() {
        return new Header(Optional.empty(), Optional.empty(), List.of());
    }
}
