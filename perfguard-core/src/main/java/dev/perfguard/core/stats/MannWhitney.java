package dev.perfguard.core.stats;

import java.util.Arrays;

/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test, one-sided: is the second sample stochastically
 * greater than the first?
 *
 * <p>Ties get mid-ranks. When the pooled sample has at most {@value #EXACT_LIMIT} values the
 * p-value is exact: the null distribution of the second sample's rank sum is counted over all
 * C(n+m, m) equally likely assignments by dynamic programming over doubled (hence integral)
 * mid-ranks — this is the permutation test conditional on the observed values, valid for any
 * continuous or discrete distribution. Larger samples use the normal approximation with the tie
 * correction of the variance and a continuity correction of one half.
 *
 * <p>With five runs a side and no ties the smallest attainable one-sided p-value is 1/252 ≈ 0.004;
 * with three a side it is 1/20 = 0.05, which is why fewer than three runs cannot show significance
 * at the usual level.
 */
public final class MannWhitney {
    static final int EXACT_LIMIT = 80;

    private MannWhitney() {}

    /**
     * P(rank sum of {@code y} ≥ observed) under exchangeability: small when {@code y} tends to be
     * larger than {@code x}. Returns 1 when either sample is empty.
     */
    public static double pGreater(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        if (n == 0 || m == 0) {
            return 1.0;
        }
        int total = n + m;
        double[] pooled = new double[total];
        System.arraycopy(x, 0, pooled, 0, n);
        System.arraycopy(y, 0, pooled, n, m);
        int[] doubledRanks = doubledMidRanks(pooled);
        long observed = 0;
        for (int i = n; i < total; i++) {
            observed += doubledRanks[i];
        }
        if (total <= EXACT_LIMIT) {
            return exactUpperTail(doubledRanks, m, observed);
        }
        return normalUpperTail(doubledRanks, n, m, observed);
    }

    /** P(rank sum of {@code y} ≤ observed): small when {@code y} tends to be smaller. */
    public static double pLess(double[] x, double[] y) {
        return pGreater(negate(x), negate(y));
    }

    private static double[] negate(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = -v[i];
        }
        return r;
    }

    /** Twice the mid-rank of each value (ranks from 1), so ties stay integral. */
    static int[] doubledMidRanks(double[] values) {
        int len = values.length;
        Integer[] order = new Integer[len];
        for (int i = 0; i < len; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        int[] ranks = new int[len];
        int i = 0;
        while (i < len) {
            int j = i;
            while (j + 1 < len && Double.compare(values[order[j + 1]], values[order[i]]) == 0) {
                j++;
            }
            int doubled = (i + 1) + (j + 1); // 2 × mean of ranks i+1 .. j+1
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = doubled;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double exactUpperTail(int[] doubledRanks, int m, long observed) {
        int maxSum = 0;
        for (int r : doubledRanks) {
            maxSum += r;
        }
        // ways[k][s]: number of k-subsets of the items seen so far with doubled rank sum s
        double[][] ways = new double[m + 1][maxSum + 1];
        ways[0][0] = 1.0;
        int reach = 0;
        for (int r : doubledRanks) {
            reach += r;
            for (int k = m; k >= 1; k--) {
                double[] to = ways[k];
                double[] from = ways[k - 1];
                for (int s = reach; s >= r; s--) {
                    double f = from[s - r];
                    if (f != 0.0) {
                        to[s] += f;
                    }
                }
            }
        }
        double all = 0.0;
        double tail = 0.0;
        for (int s = 0; s <= maxSum; s++) {
            all += ways[m][s];
            if (s >= observed) {
                tail += ways[m][s];
            }
        }
        return Math.min(1.0, tail / all);
    }

    private static double normalUpperTail(int[] doubledRanks, int n, int m, long observedDoubled) {
        int total = n + m;
        double observed = observedDoubled / 2.0;
        double mean = m * (total + 1) / 2.0;
        // tie correction: sum over tie groups of (t^3 - t)
        int[] sorted = doubledRanks.clone();
        Arrays.sort(sorted);
        double tieTerm = 0;
        int i = 0;
        while (i < total) {
            int j = i;
            while (j + 1 < total && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double variance = n * (double) m / 12.0 * ((total + 1) - tieTerm / ((double) total * (total - 1)));
        if (variance <= 0) {
            return 1.0;
        }
        double z = (observed - mean - 0.5) / Math.sqrt(variance);
        return Normal.upperTail(z);
    }
}
