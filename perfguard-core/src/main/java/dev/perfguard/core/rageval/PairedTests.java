package dev.perfguard.core.rageval;

import dev.perfguard.core.stats.StudentT;
import java.util.SplittableRandom;

/**
 * Significance of paired differences d_i = after_i - before_i over the same queries.
 *
 * <ul>
 *   <li>Paired t-test: t = mean(d) / (sd(d) / sqrt(n)), n - 1 degrees of freedom, two-sided.
 *       Assumes the differences are independent and roughly normal (or n large); with every
 *       difference equal the p-value is 1 when they are 0 and 0 otherwise.
 *   <li>Paired randomization (permutation) test: under the null hypothesis each difference is as
 *       likely to have either sign; the p-value is the share of random sign assignments whose
 *       |mean| is at least the observed |mean|, counting the observed one ((k + 1) / (N + 1)),
 *       two-sided. No distribution assumption; seeded, so a report is reproducible.
 * </ul>
 */
public final class PairedTests {
    /** The default number of random sign assignments. */
    public static final int DEFAULT_PERMUTATIONS = 10_000;
    /** The default seed. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    private PairedTests() {}

    /** Two-sided paired t-test p-value; NaN for fewer than two pairs. */
    public static double tTestP(double[] d) {
        int n = d.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double x : d) {
            mean += x;
        }
        mean /= n;
        double ss = 0;
        for (double x : d) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        if (sd == 0 || sd < 1e-12 * Math.abs(mean)) {
            return Math.abs(mean) < 1e-15 ? 1 : 0;
        }
        return StudentT.twoSidedP(mean / (sd / Math.sqrt(n)), n - 1);
    }

    /** Two-sided paired randomization test p-value; NaN for no pairs. */
    public static double randomizationP(double[] d, int permutations, long seed) {
        int n = d.length;
        if (n == 0) {
            return Double.NaN;
        }
        double observed = 0;
        for (double x : d) {
            observed += x;
        }
        observed = Math.abs(observed);
        double tolerance = 1e-9 * Math.max(1, observed);
        SplittableRandom rnd = new SplittableRandom(seed);
        int atLeast = 0;
        for (int p = 0; p < permutations; p++) {
            double s = 0;
            int i = 0;
            while (i < n) {
                long bits = rnd.nextLong();
                for (int b = 0; b < 64 && i < n; b++, i++) {
                    s += ((bits >>> b) & 1) == 0 ? d[i] : -d[i];
                }
            }
            if (Math.abs(s) >= observed - tolerance) {
                atLeast++;
            }
        }
        return (atLeast + 1.0) / (permutations + 1.0);
    }
}
