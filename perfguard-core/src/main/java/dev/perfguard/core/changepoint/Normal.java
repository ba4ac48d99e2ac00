package dev.perfguard.core.changepoint;

/** The standard normal upper tail, for the Bonferroni bound on the split statistic. */
final class Normal {
    private Normal() {}

    /**
     * {@code Φ̄(z) = P(Z > z)} for a standard normal {@code Z}, via {@code erfc(z / √2) / 2} with
     * the Chebyshev fit of erfc in Press et al., Numerical Recipes (2nd ed., §6.2), whose relative
     * error is below 1.2e-7 for every argument — good in the far tail, where the bound is used.
     */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double r = t * Math.exp(poly);
        return x >= 0 ? r : 2 - r;
    }
}
