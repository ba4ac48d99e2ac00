package dev.perfguard.core.rageval;

/** What happens to a query that has judgments in the qrels but no line in the run. */
public enum MissingQueries {
    /** Scored zero on every measure and counted in {@code num_q} (trec_eval {@code -c}); the default. */
    ZERO,
    /** Left out of {@code num_q} and the averages (trec_eval 9.0.8 without {@code -c}). */
    SKIP,
    /** A fatal error (trec_eval 10.0 without {@code -c}). */
    FAIL
}
