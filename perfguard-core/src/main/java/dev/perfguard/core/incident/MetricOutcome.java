package dev.perfguard.core.incident;

import java.util.Locale;

/** How one metric did in one reporting window. Only {@link #WITHIN_TOLERANCE} counts as good. */
public enum MetricOutcome {
    WITHIN_TOLERANCE,
    BREACH,
    /** The window had no data for the metric; never counts as good. */
    NO_DATA;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
