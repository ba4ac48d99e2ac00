package dev.perfguard.core.lighthouse.assertions;

import java.util.Optional;

/**
 * How the runs of a URL become one value. Without one, LHCI aggregates optimistically: the best
 * run counts (the lowest value for a {@code max*} assertion, the highest score for {@code minScore}).
 */
public enum Aggregation {
    MEDIAN("median"), OPTIMISTIC("optimistic"), PESSIMISTIC("pessimistic"), MEDIAN_RUN("median-run");

    private final String label;

    Aggregation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Aggregation> byLabel(String s) {
        for (Aggregation a : values()) {
            if (a.label.equals(s)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
