package dev.perfguard.core.telemetry;

import dev.perfguard.core.incident.MetricOutcome;
import java.util.Locale;

/** How one expectation did in one reporting window. Only {@link #OK} counts as good. */
public enum WindowVerdict {
    /** The value met the expectation. */
    OK,
    /** The value broke the expectation. */
    BREACH,
    /** The query (or the baseline's) returned no series or NaN: nothing to judge. Never good. */
    NO_DATA,
    /** Prometheus failed, timed out, answered something unusable (several series, +Inf). Never good. */
    ERROR;

    /** {@code ok}, {@code breach}, {@code no-data}, {@code error}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The closing gate's view: only {@code ok} is within tolerance; {@code error} is like missing data. */
    public MetricOutcome outcome() {
        return switch (this) {
            case OK -> MetricOutcome.WITHIN_TOLERANCE;
            case BREACH -> MetricOutcome.BREACH;
            case NO_DATA, ERROR -> MetricOutcome.NO_DATA;
        };
    }

    public static WindowVerdict ofWireName(String text) {
        for (WindowVerdict v : values()) {
            if (v.wireName().equals(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + text + "'; expected ok, breach, no-data or error");
    }
}
