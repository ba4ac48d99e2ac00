package dev.perfguard.app.lighthouse;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.core.lighthouse.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Lighthouse comparison's regressions into incident discrepancies: one per regressed metric
 * and group, named {@code lighthouse.<metric>{page=<url>,preset=<form factor>}} (for example
 * {@code lighthouse.lcp_ms{page=https://example.com/,preset=mobile}}), with the baseline and current
 * medians as evidence.
 */
public final class Regressions {
    private Regressions() {}

    public static List<Discrepancy> discrepancies(ComparisonReport report, Instant detectedAt) {
        List<Discrepancy> out = new ArrayList<>();
        for (GroupResult g : report.groups()) {
            for (MetricResult m : g.metrics()) {
                if (m.status() == Status.REGRESSION) {
                    out.add(new Discrepancy(metricName(m, g),
                            new Evidence.LighthouseDelta(m.baselineMedian(), m.currentMedian(), m.metric().unit(),
                                    Math.max(1, m.currentRuns())),
                            List.of(), detectedAt));
                }
            }
        }
        return out;
    }

    /** Compares two sets of LHR files with the configured policies (what {@code lighthouse compare} does). */
    public static ComparisonReport compare(PerfguardConfig config, List<Path> baseline, List<Path> current) {
        LhrFiles files = new LhrFiles();
        return new LighthouseComparison(Policies.from(config.lighthouse())).compare(files.read(baseline), files.read(current));
    }

    static String metricName(MetricResult m, GroupResult g) {
        String base = m.metric().shortName().toLowerCase(Locale.ROOT);
        String unit = m.metric().unit();
        return "lighthouse." + base + (unit.isEmpty() ? "" : "_" + unit) + "{page=" + g.url() + ",preset=" + g.formFactor() + "}";
    }
}
