/**
 * LHR reading behind {@code scripts/bench-lighthouse}: reports read per second by the streaming
 * {@code LhrReader} against Jackson reading each whole report into a tree (the reference, same run), and
 * one report with a huge screenshot read in a small heap by each.
 *
 * <p>May import: {@code core.lighthouse}, {@code signals.lighthouse}, Jackson's tree model (the reference).
 */
package dev.perfguard.bench.lighthouse;
