/**
 * Reads the metric files a CI job leaves behind into {@link dev.perfguard.core.ci.CiMetric}s: perfguard's own
 * {@code perf_metrics} JSON (schema in {@code docs/schemas/perf_metrics.schema.json}), JMH's JSON results, k6
 * summary exports, Lighthouse reports (through {@link dev.perfguard.signals.lighthouse.LhrReader}) and
 * {@code rag-eval evaluate --format json} outputs. {@link dev.perfguard.signals.ingest.MetricFiles} tells them
 * apart by content. Semantics in {@code docs/ingest.md}.
 *
 * <p>May import: {@code core}, {@code core.ci}, {@code core.lighthouse}, {@code signals.lighthouse}.
 */
package dev.perfguard.signals.ingest;
