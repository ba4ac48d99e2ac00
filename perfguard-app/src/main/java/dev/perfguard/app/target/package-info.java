/**
 * {@code perfguard demo-target}: a small, real search service perfguard ships to aim its own tools at, the
 * load generator, Lighthouse and {@code rag-eval collect}, on loopback.
 *
 * <p>It indexes the Cranfield 1400 collection ({@link dev.perfguard.app.target.Cranfield}, which handles the
 * collection's two traps: query numbering and the {@code -1} judgments) in memory with Lucene and answers
 * searches with BM25 ({@link dev.perfguard.app.target.DemoTarget}). Two feature flags, read from a flagd file and
 * re-read when it changes ({@link dev.perfguard.app.target.FlagFile}), degrade it for real: {@code slow-ranker}
 * adds a latency distribution, {@code naive-ranking} switches to a worse scorer. {@code /metrics} exports request
 * durations, counts, errors and an online nDCG@10 gauge in OpenMetrics ({@link dev.perfguard.app.target.TargetMetrics}).
 *
 * <p>Public: {@link dev.perfguard.app.target.DemoTarget} (start one in-process, e.g. from another module's tests)
 * and the command. The rest is package-private. docs/demo-target.md has the endpoints, flags, metrics and the
 * measured nDCG@10 of both rankings.
 */
package dev.perfguard.app.target;
