package dev.perfguard.core;

/** Which way a metric gets better. */
public enum Direction {
    LOWER_IS_BETTER,
    HIGHER_IS_BETTER;

    /** +1 when an increase is a worsening, -1 when a decrease is. */
    public int worseSign() {
        return this == LOWER_IS_BETTER ? 1 : -1;
    }
}
