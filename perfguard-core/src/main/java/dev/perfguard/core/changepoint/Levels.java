package dev.perfguard.core.changepoint;

import java.util.Arrays;

/** Median, mean and relative change of segments of a dense series. */
final class Levels {
    private Levels() {}

    static Level of(double[] v, int a, int b) {
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += v[i];
        }
        return new Level(b - a, median(v, a, b), sum / (b - a));
    }

    static double median(double[] v, int a, int b) {
        double[] c = Arrays.copyOfRange(v, a, b);
        Arrays.sort(c);
        int m = c.length;
        return (m & 1) == 1 ? c[m / 2] : (c[m / 2 - 1] + c[m / 2]) / 2;
    }

    /** {@code (after - before) / |before|}; ±infinity when {@code before} is 0 and they differ. */
    static double relativeChange(double before, double after) {
        double delta = after - before;
        if (delta == 0) {
            return 0;
        }
        if (before == 0) {
            return delta > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return delta / Math.abs(before);
    }
}
