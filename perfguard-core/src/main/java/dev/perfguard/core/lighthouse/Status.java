package dev.perfguard.core.lighthouse;

import java.util.Locale;

/** A metric's status in a comparison. */
public enum Status {
    /** Worse beyond tolerance and credible given the run spread, or a budget newly broken. */
    REGRESSION,
    /** Better beyond tolerance and credible. */
    IMPROVEMENT,
    /** Within tolerance. */
    PASS,
    /** A change the data cannot confirm: too few runs, not significant, or explained by machine speed. */
    INCONCLUSIVE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
