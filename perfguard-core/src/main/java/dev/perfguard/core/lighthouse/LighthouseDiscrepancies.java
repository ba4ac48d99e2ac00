package dev.perfguard.core.lighthouse;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a Lighthouse comparison's regressions into the incident domain's {@link Discrepancy}: one per
 * regressed metric and group, named {@code lighthouse.<metric>{page=<url>,preset=<form factor>}} (for
 * example {@code lighthouse.lcp_ms{page=https://example.com/,preset=mobile}}), with the baseline and
 * current medians as {@link Evidence.LighthouseDelta}. The telemetry counterpart is
 * {@code core.telemetry.TelemetryDiscrepancies}.
 */
public final class LighthouseDiscrepancies {
    private LighthouseDiscrepancies() {}

    /** The regressions of {@code report}, in group then metric order; empty when nothing regressed. */
    public static List<Discrepancy> of(ComparisonReport report, Instant detectedAt) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(detectedAt, "detectedAt");
        List<Discrepancy> out = new ArrayList<>();
        for (GroupResult g : report.groups()) {
            for (MetricResult m : g.metrics()) {
                if (m.status() == Status.REGRESSION) {
                    out.add(new Discrepancy(metricName(m.metric(), g),
                            new Evidence.LighthouseDelta(m.baselineMedian(), m.currentMedian(), m.metric().unit(),
                                    Math.max(1, m.currentRuns()),
                                    Double.isNaN(m.pValue()) ? Optional.empty() : Optional.of(m.pValue())),
                            List.of(), detectedAt));
                }
            }
        }
        return out;
    }

    /** {@code lighthouse.<short name>[_<unit>]{page=<url>,preset=<form factor>}}. */
    static String metricName(LighthouseMetric metric, GroupResult group) {
        String base = metric.shortName().toLowerCase(Locale.ROOT);
        String unit = metric.unit();
        return "lighthouse." + base + (unit.isEmpty() ? "" : "_" + unit) + "{page=" + group.url() + ",preset=" + group.formFactor() + "}";
    }
}
