package dev.perfguard.bench.changepoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CI-like series: what a metric's history looks like over builds. Lighthouse-like multiplicative
 * noise (coefficient of variation 2-8 %, right-skewed), 3 % outliers 1.5-3x the level (a throttled
 * runner), in a third of the series a second mode 15-25 % up taken 20-40 % of the time (cold
 * caches), 2 % missing builds, and one of four scenarios: no change, one step of 3-40 %, a
 * regression of 3-40 % reverted 10-60 builds later, or two steps.
 */
final class SyntheticSeries {

    enum Scenario { NO_CHANGE, STEP, REVERTED, TWO_STEPS }

    /**
     * One generated series and its true change points.
     *
     * @param steps relative size of each true change, aligned with {@code truth}
     */
    record Case(Scenario scenario, double[] values, List<Integer> truth, List<Double> steps) {}

    private SyntheticSeries() {}

    static Case generate(long seed, Scenario scenario) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 100 + r.nextInt(501);
        double base = 800 + r.nextDouble() * 3200;
        double cv = 0.02 + r.nextDouble() * 0.06;
        boolean bimodal = r.nextInt(3) == 0;
        double modeShift = 0.15 + r.nextDouble() * 0.10;
        double modeRate = 0.2 + r.nextDouble() * 0.2;
        List<Integer> truth = new ArrayList<>();
        List<Double> steps = new ArrayList<>();
        double[] factor = new double[n];
        Arrays.fill(factor, 1);
        switch (scenario) {
            case NO_CHANGE -> { }
            case STEP -> {
                int at = (int) (n * (0.2 + 0.6 * r.nextDouble()));
                double s = step(r);
                apply(factor, at, n, 1 + s);
                truth.add(at);
                steps.add(s);
            }
            case REVERTED -> {
                int at = (int) (n * (0.15 + 0.5 * r.nextDouble()));
                int back = Math.min(n - 10, at + 10 + r.nextInt(51));
                double s = Math.abs(step(r));
                apply(factor, at, back, 1 + s);
                truth.add(at);
                steps.add(s);
                truth.add(back);
                steps.add(1 / (1 + s) - 1);
            }
            case TWO_STEPS -> {
                int a = (int) (n * (0.15 + 0.3 * r.nextDouble()));
                int b = Math.min(n - 15, a + 15 + (int) (n * 0.4 * r.nextDouble()));
                double s1 = step(r);
                double s2 = step(r);
                apply(factor, a, n, 1 + s1);
                apply(factor, b, n, 1 + s2);
                truth.add(a);
                steps.add(s1);
                truth.add(b);
                steps.add(s2);
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < 0.02) {
                x[i] = Double.NaN;
                continue;
            }
            double level = base * factor[i];
            double noise = Math.exp(cv * gaussian(r)); // log-normal, right-skewed like page loads
            double mode = bimodal && r.nextDouble() < modeRate ? 1 + modeShift : 1;
            double outlier = r.nextDouble() < 0.03 ? 1.5 + 1.5 * r.nextDouble() : 1;
            x[i] = level * noise * mode * outlier;
        }
        return new Case(scenario, x, truth, steps);
    }

    /** A step of 3-40 %, log-uniform so small steps are as common as large ones, up or down. */
    private static double step(SplittableRandom r) {
        double size = Math.exp(Math.log(0.03) + r.nextDouble() * (Math.log(0.40) - Math.log(0.03)));
        return r.nextBoolean() ? size : -size;
    }

    private static void apply(double[] factor, int from, int to, double f) {
        for (int i = from; i < to; i++) {
            factor[i] *= f;
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
