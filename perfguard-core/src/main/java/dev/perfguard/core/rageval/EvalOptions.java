package dev.perfguard.core.rageval;

import dev.perfguard.core.PerfguardException;
import java.util.Objects;

/**
 * trec_eval's evaluation switches.
 *
 * @param relevanceLevel {@code -l}: the smallest qrels relevance value that counts as relevant for
 *     binary measures (nDCG uses the raw values and ignores it)
 * @param maxRetrieved {@code -M}: keep only this many top-ranked documents per query;
 *     {@link Long#MAX_VALUE} for no limit
 * @param judgedOnly {@code -J}: drop unjudged documents from the ranking before measuring
 * @param missing what a qrels query absent from the run does
 * @param version the trec_eval release to reproduce where releases differ
 */
public record EvalOptions(
        int relevanceLevel, long maxRetrieved, boolean judgedOnly, MissingQueries missing, TrecEvalVersion version) {
    public EvalOptions {
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(version, "version");
        if (maxRetrieved < 1) {
            throw PerfguardException.badInput(
                    "-M must be at least 1, got " + maxRetrieved);
        }
    }

    /** perfguard's defaults: level 1, no cut, all documents, missing queries score zero, 9.0.8. */
    public static EvalOptions defaults() {
        return new EvalOptions(1, Long.MAX_VALUE, false, MissingQueries.ZERO, TrecEvalVersion.V9_0_8);
    }
}
