/**
 * Readers of retrieval-evaluation files: qrels ({@link dev.perfguard.signals.rageval.QrelsReader}:
 * TREC, JSON Lines, BEIR TSV) and runs ({@link dev.perfguard.signals.rageval.RunReader}: TREC,
 * JSON Lines), gzipped or not. One small reader per format; malformed input is a
 * {@link dev.perfguard.core.PerfguardException} with code BAD_INPUT naming the file and line.
 *
 * <p>Runs are evaluated while they are read, query by query, so a 10-million-line run needs no
 * more memory than one query's documents per core. The caller owns nothing: every reader opens
 * and closes its own files.
 */
package dev.perfguard.signals.rageval;
