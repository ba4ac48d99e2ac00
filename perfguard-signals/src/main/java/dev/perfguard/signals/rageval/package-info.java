/**
 * Readers of retrieval-evaluation files: qrels ({@link dev.perfguard.signals.rageval.QrelsReader}:
 * TREC, JSON Lines, BEIR TSV) and runs ({@link dev.perfguard.signals.rageval.RunReader}: TREC,
 * JSON Lines), gzipped or not. One small reader per format; malformed input is a
 * {@link dev.perfguard.core.PerfguardException} with code BAD_INPUT naming the file and line.
 *
 * <p>Runs are evaluated while they are read, query by query, so a 10-million-line run needs no
 * more memory than one query's documents per core. The caller owns nothing: every reader opens
 * and closes its own files.
 *
 * <p>Also the live side of rag_eval: {@link dev.perfguard.signals.rageval.QueryReader} reads a query set and
 * {@link dev.perfguard.signals.rageval.RetrievalCollector} sends it to a retrieval endpoint, each body built
 * from a {@link dev.perfguard.signals.rageval.RequestTemplate}.
 *
 * <p>May import: {@code core}, {@code core.rageval}, {@code core.retry}, Jackson, the JDK's HTTP client.
 */
package dev.perfguard.signals.rageval;
