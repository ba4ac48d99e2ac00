/**
 * Change-point detection over metric histories: finds the observations where a series changed
 * level, with the level before and after, the relative change, a p-value and a
 * regression/improvement label.
 *
 * <p>Public surface: {@link dev.perfguard.core.changepoint.ChangePointDetector} (batch),
 * {@link dev.perfguard.core.changepoint.ChangePointTracker} (incremental),
 * {@link dev.perfguard.core.changepoint.ChangePoint}, {@link dev.perfguard.core.changepoint.Level}
 * and {@link dev.perfguard.core.Direction}. Everything else is package-private.
 *
 * <p>Method, in short (full notes and citations in {@code docs/changepoints.md}):
 *
 * <ul>
 *   <li>All statistics use ranks, so outliers have bounded influence, bimodal noise does not widen
 *       anything but the ranks it really moves, and the tests hold for any continuous noise
 *       distribution (Pettitt 1979; Mann and Whitney 1947).
 *   <li>Candidates come from binary segmentation on the rank split statistic (Scott and Knott 1974;
 *       Vostrikova 1981), each split guarded by a permutation test (Good 2005) with sequential
 *       stopping (Besag and Clifford 1991); where no single split passes, a multiscale interval
 *       scan and Kuiper's (1960) range test look for a level that leaves and comes back (a
 *       reverted regression).
 *   <li>Each candidate is then re-tested against its two neighbouring segments only and the weakest
 *       failing one is removed until all pass, as Hunter / Apache Otava do (Fleming et al. 2023;
 *       Daly et al. 2020). The re-test divides the statistic by the AR(1) long-run factor
 *       {@code sqrt((1 + ρ) / (1 - ρ))} of the residual ranks, so trends and slow drifts are not
 *       cut into staircases. Each kept change point is finally moved to where the statistic
 *       peaks between its neighbours (Bai 1997).
 *   <li>Finally every segment is scanned for a break in the trend of its ranks: Chow's (1960) test
 *       of one line against a line on each side, maximised over the split (Andrews 1993), with the
 *       same AR(1) correction (autocorrelation estimated under the alternative) and a permutation
 *       test of the line's residuals (Freedman and Lane 1983) at half the level. The ranks of a
 *       monotone stretch lie on a line, so rising or falling trends are still not cut; a rise that
 *       turns into a fall, or a level that drops inside a trend, is.
 * </ul>
 *
 * <p>Units: levels are in the unit of the series; {@code change} is a ratio (0.1 = +10 %); indices
 * are 0-based positions in the input array, missing values included.
 *
 * <p>Assumptions: observations are in time order; within a segment they are exchangeable up to
 * lag-one autocorrelation. A change is a shift in location (median); a change only in spread is
 * not reported. Segments hold at least 5 observations, so a change in the last 4 observations is
 * not reported until the fifth arrives.
 *
 * <p>May import: {@code core}, {@code core.stats}.
 */
package dev.perfguard.core.changepoint;

import dev.perfguard.core.Direction;
