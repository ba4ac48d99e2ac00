package dev.perfguard.core.stats;

/** The standard normal distribution. */
public final class Normal {
    private Normal() {}

    /** P(Z > z), via the complementary error function. */
    public static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2.0));
    }

    /**
     * erfc with relative error below 1.2e-7 everywhere: the Chebyshev fit of Numerical Recipes
     * (Press et al., 3rd ed., §6.2.2), written from its published coefficients.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
