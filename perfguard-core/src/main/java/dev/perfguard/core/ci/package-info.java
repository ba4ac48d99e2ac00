/**
 * CI metrics: any {@link dev.perfguard.core.ci.CiMetric} a pipeline produced (a {@code perf_metrics} file, JMH,
 * k6, Lighthouse, rag_eval), judged against its baseline build by {@link dev.perfguard.core.ci.CiComparison}
 * (the rank test of the Lighthouse comparison where both sides have repeated samples, a relative tolerance
 * otherwise). Semantics in {@code docs/ingest.md}.
 *
 * <p>May import: {@code core}, {@code core.stats}.
 */
package dev.perfguard.core.ci;
