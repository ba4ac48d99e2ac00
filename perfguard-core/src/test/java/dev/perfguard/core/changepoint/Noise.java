package dev.perfguard.core.changepoint;

import java.util.SplittableRandom;

/** Seeded noise of the shapes performance series have, with unit scale. */
enum Noise {
    GAUSSIAN {
        @Override
        double next(SplittableRandom r) {
            return gaussian(r);
        }
    },
    /** Student t with 2 degrees of freedom: infinite variance. */
    HEAVY_TAILED {
        @Override
        double next(SplittableRandom r) {
            double a = gaussian(r);
            double b = gaussian(r);
            double c = gaussian(r);
            return a / Math.sqrt((b * b + c * c) / 2);
        }
    },
    /** Two modes 4 apart, the upper one taken 30 % of the time (a warm and a cold cache). */
    BIMODAL {
        @Override
        double next(SplittableRandom r) {
            return gaussian(r) * 0.5 + (r.nextDouble() < 0.3 ? 4 : 0);
        }
    },
    /** Gaussian with 5 % of observations 20 times further out (a noisy neighbour). */
    OUTLIERS {
        @Override
        double next(SplittableRandom r) {
            return r.nextDouble() < 0.05 ? 20 + 5 * Math.abs(gaussian(r)) : gaussian(r);
        }
    };

    abstract double next(SplittableRandom r);

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** {@code n} values around {@code base}, with the given level offsets starting at the given indices. */
    double[] series(long seed, int n, double base, int[] at, double[] offsets) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        double level = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k < at.length && at[k] == i) {
                level = offsets[k++];
            }
            x[i] = base + level + next(r);
        }
        return x;
    }
}
