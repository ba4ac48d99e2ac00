/**
 * How the benchmark commands run JMH: {@link dev.perfguard.bench.jmh.Jmh} runs a set of options in-process
 * (JMH forks the measured JVMs itself) and returns the scores with their error, for the command to print
 * its own tables and ratios; {@link dev.perfguard.bench.jmh.PeakHeapProfiler} adds the peak heap of an
 * iteration to JMH's results.
 *
 * <p>May import: JMH. Imported by the capability packages that run micro-benchmarks.
 */
package dev.perfguard.bench.jmh;
