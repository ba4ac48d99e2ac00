package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A triggering metric of an incident with its evidence: which metric broke its expectation, the
 * source-specific evidence, the dashboard panels that show it and when it was detected.
 */
public record Discrepancy(String metric, Evidence evidence, List<PanelLink> panels, Instant detectedAt) {
    public Discrepancy {
        Metrics.requireName(metric, "metric");
        Fingerprint.familyOf(metric); // a metric without a valid family cannot be part of an incident
        Objects.requireNonNull(evidence, "evidence");
        panels = Checks.list(panels, "panels");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }

    /** The metric family, see {@link Fingerprint#familyOf}. */
    public String metricFamily() {
        return Fingerprint.familyOf(metric);
    }
}
