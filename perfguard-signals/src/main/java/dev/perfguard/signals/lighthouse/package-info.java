/**
 * Reads Lighthouse result JSON (LHR), plain or gzipped, by streaming: only the fields perfguard needs are
 * materialized, so memory stays flat whatever a report's size. {@link dev.perfguard.signals.lighthouse.LhrReader}
 * reads files and folders (natural order, in parallel), and, for storing, each run with the SHA-256 of its
 * file. A file that is not an LHR is {@code BAD_INPUT} naming the file and what is missing.
 *
 * <p>May import: {@code core}, {@code core.lighthouse}, Jackson's streaming parser.
 */
package dev.perfguard.signals.lighthouse;
