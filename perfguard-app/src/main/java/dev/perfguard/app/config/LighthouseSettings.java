package dev.perfguard.app.config;

import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.lighthouse.ComparisonPolicy;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.MetricPolicy;
import dev.perfguard.core.lighthouse.UrlNormalizer;
import dev.perfguard.core.lighthouse.assertions.AssertConfig;
import dev.perfguard.runbook.builds.CheckPolicy;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@code lighthouse} section turned into the comparison policy and the build check's policy. */
public final class LighthouseSettings {
    private LighthouseSettings() {}

    /** How two sets of runs are compared: per-metric budgets and tolerances, significance, URL pairing. */
    public static ComparisonPolicy comparison(PerfguardConfig.LighthouseConfig c) {
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

    /**
     * The Lighthouse CI assertions to judge: those of {@code lhciConfig} (a lighthouserc file) when
     * given, else those written under {@code lighthouse.assert}.
     */
    public static AssertConfig assertions(PerfguardConfig.LighthouseConfig c, Path lhciConfig) {
        return lhciConfig != null ? LhciConfig.read(lhciConfig) : LhciConfig.parse("perfguard.yaml", "lighthouse.assert", c.lhciAssert());
    }

    /** How {@code perfguard check} judges a stored build: the comparison, the baseline branch and the history rules. */
    public static CheckPolicy check(PerfguardConfig.LighthouseConfig c) {
        return new CheckPolicy(comparison(c), c.baselineBranch(), c.runsPerBuild(), c.historyMinEffect(),
                c.historyAlertBuilds(), ChangePointDetector.defaults());
    }
}
