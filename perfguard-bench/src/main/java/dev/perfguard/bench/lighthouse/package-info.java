/**
 * LHR reading behind {@code scripts/bench-lighthouse}: {@link dev.perfguard.bench.lighthouse.LhrReadBench}
 * has JMH measure reports read per second ({@link dev.perfguard.bench.lighthouse.LhrReading}: the
 * streaming {@code LhrReader} against Jackson reading each whole report into a tree, the reference in the
 * same run), and reads one report with a huge screenshot in a small heap with each. {@code LhrReading} is
 * public because JMH's generated harness needs it so.
 *
 * <p>May import: {@code bench.jmh}, {@code core.lighthouse}, {@code signals.lighthouse}, JMH, Jackson's
 * tree model (the reference).
 */
package dev.perfguard.bench.lighthouse;
