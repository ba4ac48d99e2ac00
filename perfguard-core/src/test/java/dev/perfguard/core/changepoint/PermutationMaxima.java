package dev.perfguard.core.changepoint;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The reference the limit-law tests compare against: the sorted values of a statistic over
 * {@code count} random permutations of the centred ranks 1..m, drawn with their own shuffle (not the
 * detector's), so the tests do not check the code with itself.
 */
final class PermutationMaxima {
    private PermutationMaxima() {}

    static double[] of(int m, int count, ToDoubleFunction<double[]> statistic) {
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            s[i] = i + 1 - (m + 1) / 2.0;
        }
        SplittableRandom r = new SplittableRandom(m);
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            for (int i = m - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                double t = s[i];
                s[i] = s[j];
                s[j] = t;
            }
            out[k] = statistic.applyAsDouble(s);
        }
        Arrays.sort(out);
        return out;
    }
}
