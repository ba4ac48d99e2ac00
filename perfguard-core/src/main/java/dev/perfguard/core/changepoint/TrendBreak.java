package dev.perfguard.core.changepoint;

import java.util.Arrays;

/**
 * A break in the trend of the ranks: Chow's (1960) test of one regression line against a line on
 * each side of a split, scanned over every split as in Andrews (1993), computed on the centred
 * ranks of a stretch (the rank transform of Conover and Iman 1981).
 *
 * <p>Ranks make the test scale-free and robust like the rest of the detector, and they have a
 * property the level test lacks: the ranks of any strictly monotone stretch are exactly a straight
 * line, so a trend that only rises (or only falls), however curved, is never cut, while a stretch
 * whose ranks bend (a rise that turns into a fall, a drift that suddenly drops back, a flat stretch
 * that starts to grow) is. With {@code RSS_0} the residual sum of squares of one line through
 * {@code (i, s_i)} and {@code RSS_t} that of a line on {@code [0, t)} and one on {@code [t, m)},
 * the statistic is {@code F_t = ((RSS_0 - RSS_t) / 2) / (RSS_t / (m - 4))}, maximised over
 * {@code t} in {@code [trim, m - trim]}, all in O(m) from running sums.
 *
 * <p>Serial dependence is handled as in the level test: the maximum is multiplied by the AR(1)
 * variance factor {@code (1 - ρ) / (1 + ρ)}, with {@code ρ} the lag-one autocorrelation of the
 * residuals of the two lines at the chosen split (estimated under the alternative, so a real break
 * does not inflate it), clamped to {@code [0, maxRho]}. Its null distribution is taken from
 * permutations of the residuals of the single line, which are exchangeable under the null of one
 * line and independent noise (Freedman and Lane 1983); {@code F} does not change when a line is
 * added to the data, so the permuted residuals are scanned directly. The limit law of the maximum
 * ({@link #supTail}) is used instead when it is far from the level either way and for stretches of
 * 10,000 values or more.
 */
final class TrendBreak {
    private TrendBreak() {}

    /**
     * The best break of a stretch.
     *
     * @param at offset of the first observation after the break, from the stretch's start
     * @param f the corrected statistic {@code max_t F_t (1 - ρ) / (1 + ρ)}
     * @param rho the autocorrelation used for the correction
     * @param pValue its p-value
     */
    record Result(int at, double f, double rho, double pValue) {}

    /**
     * Scans {@code v[a, b)} for the split where a line on each side fits its ranks best against one
     * line, and tests it.
     *
     * @param trim fewest observations on either side of a split (at least 3: a line needs them)
     * @param maxRho cap on the residual autocorrelation used in the correction
     * @param level the level the break will be tested at (decides when permutations are needed)
     * @return the best split and its p-value, or {@code null} when the stretch is too short, tied
     *     throughout, or its ranks already lie on a line (a monotone stretch)
     */
    static Result scan(double[] v, int a, int b, int trim, double maxRho, double level, int maxPermutations,
            int hits, long seed) {
        int m = b - a;
        int lo = Math.max(3, trim);
        if (m < 2 * lo) {
            return null;
        }
        double[] s = RankStatistics.centeredRanks(v, a, b);
        Scan best = supF(s, lo);
        if (best == null) {
            return null;
        }
        double rho = Math.min(maxRho, Math.max(0, splitAutocorrelation(s, best.at)));
        double f = best.f * (1 - rho) / (1 + rho);
        return new Result(best.at, f, rho, pValue(s, lo, f, level, maxPermutations, hits, seed));
    }

    /** The largest {@code F_t} and where it is. */
    record Scan(double f, int at) {}

    /**
     * {@code max_t F_t} over {@code t in [trim, m - trim]}, or {@code null} when one line already
     * fits {@code y} (within rounding) or there is no admissible split. O(m) time, O(1) memory.
     */
    static Scan supF(double[] y, int trim) {
        int m = y.length;
        if (m < 2 * trim || m < 6) {
            return null;
        }
        double c = (m - 1) / 2.0; // centred abscissae keep the sums small
        Sums total = new Sums();
        for (int i = 0; i < m; i++) {
            total.add(i - c, y[i]);
        }
        double rss0 = total.rss();
        if (!(rss0 > 1e-9 * total.cyy())) {
            return null; // the values lie on a line (ranks of a monotone stretch): nothing to break
        }
        Sums left = new Sums();
        double best = -1;
        int arg = -1;
        for (int t = 1; t <= m - trim; t++) {
            left.add(t - 1 - c, y[t - 1]);
            if (t < trim) {
                continue;
            }
            double rss1 = left.rss() + total.rssWithout(left);
            double f = (rss0 - rss1) / 2 / (Math.max(rss1, 1e-12 * rss0) / (m - 4));
            if (f > best) {
                best = f;
                arg = t;
            }
        }
        return arg < 0 ? null : new Scan(best, arg);
    }

    /** Whether {@code max_t F_t >= threshold}; stops at the first offset that reaches it. */
    static boolean reaches(double[] y, int trim, double threshold) {
        int m = y.length;
        double c = (m - 1) / 2.0; // centred abscissae keep the sums small
        Sums total = new Sums();
        for (int i = 0; i < m; i++) {
            total.add(i - c, y[i]);
        }
        double rss0 = total.rss();
        Sums left = new Sums();
        for (int t = 1; t <= m - trim; t++) {
            left.add(t - 1 - c, y[t - 1]);
            if (t < trim) {
                continue;
            }
            double rss1 = left.rss() + total.rssWithout(left);
            if ((rss0 - rss1) / 2 / (Math.max(rss1, 1e-12 * rss0) / (m - 4)) >= threshold) {
                return true;
            }
        }
        return false;
    }

    /** Running sums for a least-squares line through points {@code (x, y)}. */
    static final class Sums {
        double n;
        double sx;
        double sxx;
        double sy;
        double sxy;
        double syy;

        void add(double x, double y) {
            n++;
            sx += x;
            sxx += x * x;
            sy += y;
            sxy += x * y;
            syy += y * y;
        }

        /** Residual sum of squares of the line through these points less those of {@code o}. */
        double rssWithout(Sums o) {
            return rss(n - o.n, sx - o.sx, sxx - o.sxx, sy - o.sy, sxy - o.sxy, syy - o.syy);
        }

        double cyy() {
            return n > 0 ? syy - sy * sy / n : 0;
        }

        double slope() {
            double cxx = sxx - sx * sx / n;
            return cxx > 0 ? (sxy - sx * sy / n) / cxx : 0;
        }

        /** Residual sum of squares of the line (of the mean when all x are equal). */
        double rss() {
            return rss(n, sx, sxx, sy, sxy, syy);
        }

        static double rss(double n, double sx, double sxx, double sy, double sxy, double syy) {
            if (n < 1) {
                return 0;
            }
            double cxx = sxx - sx * sx / n;
            double cxy = sxy - sx * sy / n;
            double cyy = syy - sy * sy / n;
            return Math.max(0, cxx > 0 ? cyy - cxy * cxy / cxx : cyy);
        }
    }

    /**
     * Lag-one autocorrelation of the residuals of a line on {@code [0, t)} and one on
     * {@code [t, m)}, the pair across {@code t} left out.
     */
    static double splitAutocorrelation(double[] s, int t) {
        double num = 0;
        double den = 0;
        for (double[] e : new double[][] {lineResiduals(Arrays.copyOfRange(s, 0, t)),
                lineResiduals(Arrays.copyOfRange(s, t, s.length))}) {
            for (int i = 0; i < e.length; i++) {
                den += e[i] * e[i];
                if (i > 0) {
                    num += e[i - 1] * e[i];
                }
            }
        }
        return den > 0 ? num / den : 0;
    }

    /** Residuals of the least-squares line through {@code (i, y_i)}. */
    static double[] lineResiduals(double[] y) {
        Sums sums = new Sums();
        for (int i = 0; i < y.length; i++) {
            sums.add(i, y[i]);
        }
        double slope = sums.slope();
        double xMean = sums.sx / sums.n;
        double yMean = sums.sy / sums.n;
        double[] e = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            e[i] = y[i] - yMean - slope * (i - xMean);
        }
        return e;
    }

    /**
     * {@code P(sup F_t > f)} in the limit, over {@code u = t/m} in {@code [h, 1 - h]},
     * {@code h = trim / m}: {@code W = 2F} is a Wald statistic with two restrictions (level and
     * slope), whose supremum tends to that of a squared tied-down Bessel process of dimension 2
     * (Andrews 1993). With the approximation of DeLong (1981) as given by Estrella (2003) for
     * dimension {@code p}, {@code z^p e^{-z²/2} / (2^{p/2} Γ(p/2)) [(1 - p/z²) ln((1-h)²/h²) + 4/z²]}
     * with {@code z² = W}, {@code p = 2}: {@code (W/2) e^{-W/2} [(1 - 2/W) ln((1-h)²/h²) + 4/W]}.
     * Never below the exact tail {@code (1 + 2f/(m-4))^(-(m-4)/2)} of {@code F(2, m-4)} at a single
     * offset; 1 where the expansion turns negative (small {@code f}). {@code TrendBreakTest} checks
     * it against permutations: within a factor of about 0.6 to 1.3 from 100 values up; below that
     * it is too small (up to 5 times at 20 values), which is why short stretches are permuted.
     */
    static double supTail(double f, int m, int trim) {
        double h = Math.max(1, trim) / (double) m;
        if (!(f > 0) || h >= 0.5) {
            return 1;
        }
        double w = 2 * f;
        double bracket = (1 - 2 / w) * Math.log((1 - h) * (1 - h) / (h * h)) + 4 / w;
        if (!(bracket > 0)) {
            return 1;
        }
        int k = m - 4;
        double single = k > 0 ? Math.exp(-k / 2.0 * Math.log1p(2 * f / k)) : 1;
        return Math.min(1, Math.max(w / 2 * Math.exp(-w / 2) * bracket, single));
    }

    /** Permutations are skipped when the limit {@link #supTail} is this many times the level or more. */
    static final double CLEAR_NULL = 10;

    /**
     * p-value of an observed (corrected) maximum {@code fObserved} for stretch values {@code y}
     * under the null of one line plus exchangeable noise. The limit {@link #supTail} is returned
     * when it is below {@code level / 100} (a clear break), at least {@value #CLEAR_NULL} times
     * {@code level} (clearly none; the limit is never far above the permutation p-value, so the
     * decision is the same), or when the stretch has {@link RankStatistics#ASYMPTOTIC_FROM} values
     * or more. Otherwise the residuals of the line are permuted, stopping after {@code hits}
     * permutations reach the observed value (Besag and Clifford 1991).
     */
    static double pValue(double[] y, int trim, double fObserved, double level, int maxPermutations, int hits,
            long seed) {
        if (!(fObserved > 0)) {
            return 1;
        }
        int m = y.length;
        double asymptotic = supTail(fObserved, m, trim);
        if (m >= RankStatistics.ASYMPTOTIC_FROM || asymptotic <= level / 100 || asymptotic >= CLEAR_NULL * level) {
            return Math.max(asymptotic, Double.MIN_NORMAL);
        }
        return RankStatistics.sequentialPValue(lineResiduals(y), seed, maxPermutations, hits,
                perm -> reaches(perm, trim, fObserved));
    }
}
