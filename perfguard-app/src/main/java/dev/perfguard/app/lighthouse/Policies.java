package dev.perfguard.app.lighthouse;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.lighthouse.ComparisonPolicy;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.MetricPolicy;
import dev.perfguard.core.lighthouse.UrlNormalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Turns the {@code lighthouse} section of the config into a comparison policy. */
final class Policies {
    private Policies() {}

    static ComparisonPolicy from(PerfguardConfig.LighthouseConfig c) {
        Map<LighthouseMetric, MetricPolicy> metrics = new EnumMap<>(LighthouseMetric.class);
        for (PerfguardConfig.LighthouseExpectation e : c.expectations()) {
            LighthouseMetric m = LighthouseMetric.byName(e.metric()).orElseThrow();
            MetricPolicy base = metrics.getOrDefault(m, MetricPolicy.defaults(m));
            metrics.put(m, new MetricPolicy(m,
                    e.tolerance() == null ? base.tolerance() : e.tolerance().value(),
                    e.minDelta() == null ? base.minDelta() : e.minDelta(),
                    e.budget() == null ? base.budget() : e.budget().limit()));
        }
        List<UrlNormalizer.Replacement> replacements = c.urlReplacementPatterns().stream()
                .map(UrlNormalizer.Replacement::parse).toList();
        return new ComparisonPolicy(metrics, c.significance(), c.budgetSignificance(), c.minRuns(),
                c.machineSpeedTolerance(), new UrlNormalizer(replacements));
    }
}
