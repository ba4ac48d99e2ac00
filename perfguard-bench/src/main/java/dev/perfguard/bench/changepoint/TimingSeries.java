package dev.perfguard.bench.changepoint;

import java.util.SplittableRandom;

/** The series the speed and memory figures are measured on. */
final class TimingSeries {
    private TimingSeries() {}

    /** A CI-like series of n points: log-normal noise (CV 5 %), 3 % outliers at 2x, a 10 % step every n/4 points. */
    static double[] of(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double level = 1000 * (1 + 0.1 * ((4 * (long) i / n) % 2));
            double v = level * Math.exp(0.05 * gaussian(r));
            x[i] = r.nextDouble() < 0.03 ? v * 2 : v;
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
