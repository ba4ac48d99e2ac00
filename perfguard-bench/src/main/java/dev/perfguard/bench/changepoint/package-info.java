/**
 * The change-point benchmark behind {@code scripts/bench-changepoints}:
 * {@link dev.perfguard.bench.changepoint.ChangePointBench} scores the detector on the TCPD series with
 * TCPDBench's rules ({@code TcpdScore}), counts precision and recall on CI-like synthetic series
 * ({@code SyntheticSeries}), times it and measures its memory at a million points, each next to a
 * reference measured in the same run, and writes the "Change points" section of
 * {@code docs/benchmarks.md}.
 *
 * <p>May import: {@code core}, {@code core.changepoint}, Jackson (the TCPD fixture files).
 */
package dev.perfguard.bench.changepoint;
