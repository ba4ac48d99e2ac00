package dev.perfguard.core.changepoint;

import dev.perfguard.core.stats.Normal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The rank statistics the detector is built on. All of them work on <em>centered mid-ranks</em>
 * {@code s_i = rank(x_i) - (m + 1) / 2} of one stretch {@code x[a, b)} of the series, so they are
 * unchanged by any strictly increasing transform of the values (log, unit changes), bounded in the
 * presence of outliers, and distribution-free when the stretch holds no change.
 *
 * <p>The split statistic at offset {@code t} is the standardised Mann-Whitney statistic of the
 * first {@code t} values against the remaining {@code m - t}:
 * {@code Z_t = S_t / sqrt(t (m - t) Σ s_i² / (m (m - 1)))} with {@code S_t = s_0 + ... + s_{t-1}},
 * which is the exact permutation standard deviation of {@code S_t}, ties included. Its maximum over
 * {@code t} is the rank version of the binary segmentation CUSUM (Pettitt 1979 scans the
 * unstandardised {@code S_t}).
 */
final class RankStatistics {
    private RankStatistics() {}

    /** Stretches at least this long are ranked by radix sort instead of comparison sort. */
    static final int RADIX_FROM = 1 << 15;

    /**
     * Centered mid-ranks of {@code x[a, b)}; ties share the mean of their ranks. O(m log m) by
     * sorting a copy and binary searching each value, which stays in cache for short stretches;
     * long stretches use {@link #radixRanks}, O(m), whose memory access is sequential.
     */
    static double[] centeredRanks(double[] x, int a, int b) {
        int m = b - a;
        return m >= RADIX_FROM ? radixRanks(x, a, b) : comparisonRanks(x, a, b);
    }

    static double[] comparisonRanks(double[] x, int a, int b) {
        int m = b - a;
        double[] sorted = Arrays.copyOfRange(x, a, b);
        Arrays.sort(sorted);
        double[] s = new double[m];
        double center = (m + 1) / 2.0;
        for (int i = 0; i < m; i++) {
            double v = x[a + i];
            int lo = lowerBound(sorted, v);
            int hi = upperBound(sorted, v, lo);
            s[i] = (lo + 1 + hi) / 2.0 - center;
        }
        return s;
    }

    /**
     * Mid-ranks by a least-significant-digit radix sort (16-bit digits) of the values' bits mapped
     * to an unsigned order, carrying each value's offset; digits that all values share are skipped.
     */
    static double[] radixRanks(double[] x, int a, int b) {
        int m = b - a;
        long[] keys = new long[m];
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            double v = x[a + i] == 0 ? 0.0 : x[a + i]; // -0.0 ties with 0.0
            long bits = Double.doubleToRawLongBits(v);
            keys[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            idx[i] = i;
        }
        long[] keys2 = new long[m];
        int[] idx2 = new int[m];
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            Arrays.fill(count, 0);
            for (int i = 0; i < m; i++) {
                count[(int) (keys[i] >>> shift) & 0xFFFF]++;
            }
            if (count[(int) (keys[0] >>> shift) & 0xFFFF] == m) {
                continue; // every value has this digit: the pass would not move anything
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < m; i++) {
                int d = (int) (keys[i] >>> shift) & 0xFFFF;
                int to = count[d]++;
                keys2[to] = keys[i];
                idx2[to] = idx[i];
            }
            long[] tk = keys;
            keys = keys2;
            keys2 = tk;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        double[] s = new double[m];
        double center = (m + 1) / 2.0;
        int g = 0;
        while (g < m) {
            int end = g + 1;
            while (end < m && keys[end] == keys[g]) {
                end++;
            }
            double mid = (g + 1 + end) / 2.0 - center;
            for (int j = g; j < end; j++) {
                s[idx[j]] = mid;
            }
            g = end;
        }
        return s;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v, int from) {
        int lo = from;
        int hi = sorted.length;
        if (lo + 1 >= hi || sorted[lo + 1] > v) {
            return lo + 1; // the common case: no tie
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code Σ s_i²}. */
    static double sumOfSquares(double[] s) {
        double q = 0;
        for (double v : s) {
            q += v * v;
        }
        return q;
    }

    /**
     * Weights {@code w_t = 1 / sd(S_t)} for offsets {@code t} in {@code [trim, m - trim]}; zero
     * elsewhere and when every value is tied.
     */
    static double[] weights(int m, double sumSq, int trim) {
        double[] w = new double[m + 1];
        if (sumSq <= 0 || m < 2) {
            return w;
        }
        double scale = sumSq / ((double) m * (m - 1));
        for (int t = Math.max(1, trim); t <= m - Math.max(1, trim); t++) {
            w[t] = 1 / Math.sqrt(scale * t * (double) (m - t));
        }
        return w;
    }

    /** Offset {@code t} with the largest {@code |Z_t|} (the first one on ties), or -1 if none. */
    static int argMax(double[] s, double[] w) {
        double cum = 0;
        double best = 0;
        int arg = -1;
        for (int t = 1; t < s.length; t++) {
            cum += s[t - 1];
            double z = Math.abs(cum) * w[t];
            if (z > best) {
                best = z;
                arg = t;
            }
        }
        return arg;
    }

    /** {@code |Z_t|}. */
    static double z(double[] s, double[] w, int t) {
        double cum = 0;
        for (int i = 0; i < t; i++) {
            cum += s[i];
        }
        return Math.abs(cum) * w[t];
    }

    /** Whether {@code max_t |Z_t| >= threshold}; stops at the first offset that reaches it. */
    static boolean reaches(double[] s, double[] w, double threshold) {
        double cum = 0;
        for (int t = 1; t < s.length; t++) {
            cum += s[t - 1];
            if (Math.abs(cum) * w[t] >= threshold) {
                return true;
            }
        }
        return false;
    }

    /** Stretches longer than this get the asymptotic p-value instead of permutations. */
    static final int ASYMPTOTIC_FROM = 10_000;

    /**
     * p-value of an observed maximum split statistic {@code zObserved} in a stretch of {@code m}
     * values with no change, the maximum taken over offsets {@code [trim, m - trim]}.
     *
     * <p>First the asymptotic tail {@link #supTail}; it is used as is when the stretch is long
     * (where it is accurate) or when it is already below {@code shortcut} (it is conservative for
     * short stretches, so a change it calls clear is clear). Otherwise the ranks are permuted (the
     * null hypothesis makes them exchangeable) and the maximum recomputed; sampling stops after
     * {@code hits} permutations reach the observed value, which gives the sequential Monte Carlo
     * p-value {@code hits / k} of Besag and Clifford (1991), or after {@code maxPermutations}, which
     * gives {@code (reached + 1) / (maxPermutations + 1)}. Clear nulls therefore cost a few
     * permutations, not all of them.
     */
    static double pValue(double[] s, double[] w, int trim, double zObserved, double shortcut,
            int maxPermutations, int hits, long seed) {
        if (!(zObserved > 0)) {
            return 1;
        }
        int m = s.length;
        double asymptotic = supTail(zObserved, m, trim);
        if (m >= ASYMPTOTIC_FROM || asymptotic <= shortcut) {
            return Math.max(asymptotic, Double.MIN_NORMAL);
        }
        return sequentialPValue(s.clone(), seed, maxPermutations, hits, perm -> reaches(perm, w, zObserved));
    }

    /**
     * The sequential Monte Carlo p-value of Besag and Clifford (1991): shuffles {@code perm} in place
     * (Fisher-Yates, seeded) until {@code hits} permutations have reached the observed statistic, giving
     * {@code hits / permutations run}, or until {@code maxPermutations} ran, giving
     * {@code (reached + 1) / (maxPermutations + 1)}.
     */
    static double sequentialPValue(double[] perm, long seed, int maxPermutations, int hits,
            Predicate<double[]> reaches) {
        SplittableRandom rng = new SplittableRandom(seed);
        int reached = 0;
        for (int k = 1; k <= maxPermutations; k++) {
            for (int i = perm.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                double tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            if (reaches.test(perm)) {
                reached++;
                if (reached == hits) {
                    return (double) hits / k;
                }
            }
        }
        return (reached + 1.0) / (maxPermutations + 1.0);
    }

    /**
     * {@code P(sup |B(u)| / sqrt(u (1 - u)) > z)} over {@code u} in {@code [h, 1 - h]},
     * {@code h = trim / m}, for a Brownian bridge {@code B}: the limit of the maximum standardised
     * split statistic. Uses the approximation {@code z φ(z) [(1 - 1/z²) ln((1 - h)² / h²) + 4/z²]}
     * for the supremum of a Bessel process of dimension one (DeLong 1981; Estrella 2003). It
     * ignores that only whole offsets are scanned, which makes it conservative for short stretches;
     * {@code RankStatisticsTest} checks it against permutations. It is an upper-tail expansion: it
     * is never taken below the two-sided normal tail {@code 2 (1 - Φ(z))} of a single offset, and
     * where it turns negative (small z) the result is 1.
     */
    static double supTail(double z, int m, int trim) {
        double h = Math.max(1, trim) / (double) m;
        if (h >= 0.5) {
            return 1;
        }
        double lambda = (1 - h) * (1 - h) / (h * h);
        double phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        double bracket = (1 - 1 / (z * z)) * Math.log(lambda) + 4 / (z * z);
        if (!(bracket > 0)) {
            return 1; // for small z the expansion turns negative: it says nothing, not "significant"
        }
        // Near that point the expansion is still far too small; the supremum exceeds z at least as
        // often as the statistic at any one offset does, so the two-sided normal tail bounds it.
        return Math.min(1, Math.max(z * phi * bracket, 2 * Normal.upperTail(z)));
    }

    /**
     * The strongest short burst: over lengths {@code L} on a geometric grid (ratio 1.25) from
     * {@code trim} to {@code m - 2 trim} and every start {@code i} that leaves at least
     * {@code trim} values on both sides, the standardised rank-sum statistic of {@code [i, i + L)}
     * against the rest, {@code |S_{i+L} - S_i| / sqrt(L (m - L) Σs² / (m (m - 1)))}. A multiscale
     * scan in the spirit of Fryzlewicz's (2014) wild binary segmentation, but over a fixed grid of
     * intervals instead of random ones, so results are deterministic. O(m log m).
     *
     * @return {@code {start, end, p}} with the Bonferroni p-value over all intervals scanned, or
     *     {@code null} when the stretch is too short
     */
    static double[] burst(double[] s, double sumSq, int trim) {
        int m = s.length;
        if (sumSq <= 0 || m < 3 * trim) {
            return null;
        }
        double[] prefix = new double[m + 1];
        for (int i = 0; i < m; i++) {
            prefix[i + 1] = prefix[i] + s[i];
        }
        double scale = sumSq / ((double) m * (m - 1));
        double best = 0;
        int bestStart = -1;
        int bestLength = 0;
        long scanned = 0;
        int previous = 0;
        for (double len = trim; len <= m - 2 * trim; len *= 1.25) {
            int length = (int) Math.round(len);
            if (length == previous) {
                continue;
            }
            previous = length;
            double inv = 1 / Math.sqrt(scale * length * (double) (m - length));
            for (int i = trim; i + length <= m - trim; i++) {
                double z = Math.abs(prefix[i + length] - prefix[i]) * inv;
                if (z > best) {
                    best = z;
                    bestStart = i;
                    bestLength = length;
                }
            }
            scanned += m - 2L * trim - length + 1;
        }
        if (bestStart < 0) {
            return null;
        }
        double p = Math.min(1, 2.0 * scanned * Normal.upperTail(best));
        return new double[] {bestStart, bestStart + bestLength, p};
    }

    /**
     * The "epidemic" alternative (a level that changes and later changes back, like a regression
     * that is reverted): the offsets {@code lo < hi} where the cumulative rank sum is lowest and
     * highest; the stretch between them differs most from the rest. {@code null} when they
     * coincide.
     */
    static int[] rangePair(double[] s) {
        double cum = 0;
        double min = 0;
        double max = 0;
        int argMin = 0;
        int argMax = 0;
        for (int t = 1; t <= s.length; t++) {
            cum += s[t - 1];
            if (cum < min) {
                min = cum;
                argMin = t;
            } else if (cum > max) {
                max = cum;
                argMax = t;
            }
        }
        if (argMin == argMax) {
            return null;
        }
        return new int[] {Math.min(argMin, argMax), Math.max(argMin, argMax)};
    }

    /**
     * p-value of the range {@code max S - min S} of the cumulative rank sum, scaled to a Brownian
     * bridge, from Kuiper's (1960) limit {@code P(V >= x) = 2 Σ_k (4k²x² - 1) exp(-2k²x²)}. The
     * walk of a finite stretch has a smaller range than its limit, so this is conservative.
     */
    static double rangePValue(double[] s, double sumSq, int lo, int hi) {
        int m = s.length;
        if (sumSq <= 0 || m < 2) {
            return 1;
        }
        double inside = 0;
        for (int i = lo; i < hi; i++) {
            inside += s[i];
        }
        double sigma = Math.sqrt(sumSq / (m - 1));
        double x = Math.abs(inside) / (sigma * Math.sqrt(m));
        if (x < 0.4) {
            return 1;
        }
        double p = 0;
        for (int k = 1; k <= 100; k++) {
            double term = (4.0 * k * k * x * x - 1) * Math.exp(-2.0 * k * k * x * x);
            p += term;
            if (Math.abs(term) < 1e-17) {
                break;
            }
        }
        return Math.max(Double.MIN_NORMAL, Math.min(1, 2 * p));
    }

    /**
     * Lag-one autocorrelation of the ranks once the two levels either side of offset {@code t} are
     * removed. Positive autocorrelation (trends, slow drifts, seasonality) makes the permutation
     * null too narrow; the detector divides the statistic by the long-run standard deviation factor
     * {@code sqrt((1 + ρ) / (1 - ρ))} of an AR(1) process.
     */
    static double residualAutocorrelation(double[] s, int t) {
        int m = s.length;
        double sumLeft = 0;
        for (int i = 0; i < t; i++) {
            sumLeft += s[i];
        }
        double meanLeft = sumLeft / t;
        double meanRight = -sumLeft / (m - t);
        double num = 0;
        double den = 0;
        double prev = Double.NaN;
        for (int i = 0; i < m; i++) {
            double e = s[i] - (i < t ? meanLeft : meanRight);
            den += e * e;
            if (i > 0 && i != t) {
                num += prev * e;
            }
            prev = e;
        }
        return den > 0 ? num / den : 0;
    }
}
