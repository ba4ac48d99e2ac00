package dev.perfguard.core.ci;

import java.util.Locale;

/** A CI metric's status against its baseline. */
public enum CiStatus {
    REGRESSION,
    IMPROVEMENT,
    PASS,
    /** Beyond tolerance but not significant, or too few samples; or no baseline value to compare with. */
    INCONCLUSIVE,
    /** No value of this series in the baseline build: a metric new in this build. */
    NEW;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
