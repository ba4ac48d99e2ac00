package dev.perfguard.core.lighthouse;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one metric must satisfy.
 *
 * @param tolerance relative change of the median allowed the bad way (0.10 = 10 % worse)
 * @param minDelta the smallest absolute change that can count, in the metric's unit; protects
 *     metrics whose baseline is at or near zero (CLS 0, TBT 0) from infinite relative changes
 * @param budget the absolute limit the current median must keep (an upper limit for
 *     lower-is-better metrics, a lower limit for the score), if any
 */
public record MetricPolicy(LighthouseMetric metric, double tolerance, double minDelta, OptionalDouble budget) {
    public MetricPolicy {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(budget, "budget");
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite fraction >= 0, was " + tolerance);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be finite and >= 0, was " + minDelta);
        }
    }

    /** Whether {@code value} is on the wrong side of the budget. */
    public boolean breaksBudget(double value) {
        if (budget.isEmpty()) {
            return false;
        }
        double limit = budget.getAsDouble();
        return metric.direction().worseSign() > 0 ? value > limit : value < limit;
    }

    /**
     * The defaults, grounded in the Core Web Vitals and Lighthouse "good" thresholds: LCP 2.5 s,
     * CLS 0.1, FCP 1.8 s, TBT 200 ms (Lighthouse's lab proxy for INP's 200 ms), Speed Index 3.4 s,
     * performance score 0.9. TTI and max-potential-FID, deprecated, have no budget. Every metric
     * tolerates 10 % of the baseline median; minimum deltas sit above the run-to-run jitter seen on
     * Lighthouse's own repeated runs (tens of milliseconds).
     */
    public static MetricPolicy defaults(LighthouseMetric m) {
        return switch (m) {
            case PERFORMANCE_SCORE -> new MetricPolicy(m, 0.10, 0.05, OptionalDouble.of(0.9));
            case FIRST_CONTENTFUL_PAINT -> new MetricPolicy(m, 0.10, 100, OptionalDouble.of(1800));
            case LARGEST_CONTENTFUL_PAINT -> new MetricPolicy(m, 0.10, 100, OptionalDouble.of(2500));
            case CUMULATIVE_LAYOUT_SHIFT -> new MetricPolicy(m, 0.10, 0.02, OptionalDouble.of(0.1));
            case TOTAL_BLOCKING_TIME -> new MetricPolicy(m, 0.10, 50, OptionalDouble.of(200));
            case SPEED_INDEX -> new MetricPolicy(m, 0.10, 100, OptionalDouble.of(3400));
            case INTERACTIVE -> new MetricPolicy(m, 0.10, 100, OptionalDouble.empty());
            case MAX_POTENTIAL_FID -> new MetricPolicy(m, 0.10, 50, OptionalDouble.empty());
        };
    }
}
