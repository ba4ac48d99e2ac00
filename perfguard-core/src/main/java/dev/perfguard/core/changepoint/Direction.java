package dev.perfguard.core.changepoint;

/** Which way a metric gets better; decides whether a change point is a regression or an improvement. */
public enum Direction {
    /** Latency, bytes, errors: a rise is a regression. */
    LOWER_IS_BETTER,
    /** Scores such as nDCG or a Lighthouse performance score: a drop is a regression. */
    HIGHER_IS_BETTER
}
