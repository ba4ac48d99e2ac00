/**
 * Small, exact statistics for comparing a handful of repeated runs.
 *
 * <p>Lab measurements come in small samples (three to ten runs a side) with heavy tails and ties
 * (CLS is often exactly 0, TBT exactly 0 on fast pages). The tests here are therefore rank based
 * and exact where the sample is small: {@link dev.perfguard.core.stats.MannWhitney} enumerates the
 * permutation distribution of the rank sum with mid-ranks for ties, so its p-values are exact
 * conditional on the observed values, and falls back to the normal approximation with tie
 * correction only for large samples.
 *
 * <p>{@link dev.perfguard.core.stats.StudentT} gives the t distribution for the paired t-test of rag_eval
 * comparisons; {@link dev.perfguard.core.stats.Descriptive} medians and means.
 *
 * <p>May import: {@code core}, the JDK.
 */
package dev.perfguard.core.stats;
