/**
 * The change-point benchmark behind {@code scripts/bench-changepoints}:
 * {@link dev.perfguard.bench.changepoint.ChangePointBench} scores the detector on the TCPD series with
 * TCPDBench's rules ({@code TcpdScore}), counts precision and recall on CI-like synthetic series
 * ({@code SyntheticSeries}), measures its memory at a million points, and has JMH time it
 * ({@link dev.perfguard.bench.changepoint.ChangePointSpeed} against {@code Arrays.sort} and the naive
 * O(n^2) split, {@link dev.perfguard.bench.changepoint.TrackerAppend} against a batch run), each next to a
 * reference measured in the same run; it writes the "Change points" section of {@code docs/benchmarks.md}.
 * The JMH classes are public because JMH's generated harness needs them so; the rest is package-private.
 *
 * <p>May import: {@code bench.jmh}, {@code core}, {@code core.changepoint}, JMH, Jackson (the TCPD
 * fixture files).
 */
package dev.perfguard.bench.changepoint;
