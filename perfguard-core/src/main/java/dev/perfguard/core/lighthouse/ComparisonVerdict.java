package dev.perfguard.core.lighthouse;

import java.util.Locale;

/** The overall outcome of a comparison: any regression wins, then any inconclusive metric. */
public enum ComparisonVerdict {
    REGRESSION,
    PASS,
    INCONCLUSIVE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
