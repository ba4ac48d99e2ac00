package dev.perfguard.core.lighthouse;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a comparison judges: per-metric policies, the significance level, the runs needed for a
 * relative verdict, how much machine speed may differ before it is reported, and the URL
 * normalization used to pair groups.
 *
 * @param alpha one-sided significance level of the rank test for a relative regression
 * @param budgetAlpha one-sided significance level for a newly broken budget: the broken budget is
 *     a fact about the current median; the test only guards against a baseline sample that
 *     happened to miss a mode of a bimodal metric, so it asks for less evidence
 * @param minRuns usable runs needed on each side before a relative change can be a regression
 * @param machineSpeedTolerance relative difference of the median {@code benchmarkIndex} tolerated
 *     before the two sides count as having run on different machines
 */
public record ComparisonPolicy(
        Map<LighthouseMetric, MetricPolicy> metrics,
        double alpha,
        double budgetAlpha,
        int minRuns,
        double machineSpeedTolerance,
        UrlNormalizer urls) {

    public ComparisonPolicy {
        EnumMap<LighthouseMetric, MetricPolicy> all = new EnumMap<>(LighthouseMetric.class);
        for (LighthouseMetric m : LighthouseMetric.values()) {
            all.put(m, MetricPolicy.defaults(m));
        }
        all.putAll(metrics);
        metrics = Collections.unmodifiableMap(all);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1 (exclusive), was " + alpha);
        }
        if (!(budgetAlpha > 0 && budgetAlpha < 1)) {
            throw new IllegalArgumentException("budgetAlpha must be between 0 and 1 (exclusive), was " + budgetAlpha);
        }
        if (minRuns < 1) {
            throw new IllegalArgumentException("minRuns must be at least 1, was " + minRuns);
        }
        if (!(machineSpeedTolerance >= 0)) {
            throw new IllegalArgumentException("machineSpeedTolerance must be >= 0, was " + machineSpeedTolerance);
        }
        Objects.requireNonNull(urls, "urls");
    }

    public static ComparisonPolicy defaults() {
        return new ComparisonPolicy(Map.of(), 0.05, 0.10, 3, 0.25, new UrlNormalizer(List.of()));
    }

    public MetricPolicy policy(LighthouseMetric m) {
        return metrics.get(m);
    }
}
