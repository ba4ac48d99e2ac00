/**
 * Retrieval evaluation with NIST trec_eval's measures and rules, and paired significance tests.
 *
 * <p>Pure computation: {@link dev.perfguard.core.rageval.Qrels} (judgments) and
 * {@link dev.perfguard.core.rageval.RankedQuery} blocks (one query of a run) go into a
 * {@link dev.perfguard.core.rageval.RunEvaluator}, which yields an
 * {@link dev.perfguard.core.rageval.Evaluation}; {@link dev.perfguard.core.rageval.TrecFormatter}
 * prints it exactly as trec_eval does (C rounding of the double's binary value, see
 * {@link dev.perfguard.core.rageval.CFormat}). Reading files is perfguard-signals' job.
 *
 * <p>Units: every measure is a fraction in [0, 1] per query except the counts (documents),
 * {@code utility} (weighted document counts) and {@code runid}; summaries are arithmetic means
 * over {@code num_q} queries (geometric for {@code gm_map}, {@code gm_bpref}), sums for counts.
 * The rules (tie-breaking, relevance levels, -M, -J, missing queries, release differences) are
 * those of trec_eval 9.0.8 and 10.0, read from their source and checked against their outputs
 * in {@code ../shared/fixtures/rag_eval}.
 *
 * <p>{@link dev.perfguard.core.rageval.Comparison} pairs two evaluations per query;
 * {@link dev.perfguard.core.rageval.PairedTests} and {@link dev.perfguard.core.stats.StudentT}
 * say how sure a difference is, with the assumptions stated there; {@link dev.perfguard.core.rageval.DropRule}
 * turns a comparison into regressions (a significant drop beyond a minimum effect) and inconclusive drops.
 *
 * <p>May import: {@code core}, {@code core.stats}.
 */
package dev.perfguard.core.rageval;
