package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a signal hands to the incident runbook: the discrepancies it found on one service. A report
 * opens an incident, or attaches to the open one with the same {@link Fingerprint} (service and the
 * metric family of its first discrepancy).
 *
 * <p>Every signal reaches an incident the same way: its regressions become discrepancies
 * ({@code LighthouseDiscrepancies}, {@code TelemetryDiscrepancies}, a rag_eval comparison), then
 * {@link #byFamily} makes one report per metric family, since each family is its own incident.
 */
public record RegressionReport(String service, List<Discrepancy> discrepancies) {
    public RegressionReport {
        Objects.requireNonNull(service, "service");
        discrepancies = Checks.list(discrepancies, "discrepancies");
        if (discrepancies.isEmpty()) {
            throw PerfguardException.badInput("a report needs at least one discrepancy");
        }
    }

    /** The fingerprint a report attaches by: the service and its first discrepancy's metric family. */
    public Fingerprint fingerprint() {
        return Fingerprint.of(service, discrepancies.get(0).metric());
    }

    /**
     * One report per metric family of {@code discrepancies}, in the order each family first appears, each
     * with its discrepancies in their order; empty when there are none.
     */
    public static List<RegressionReport> byFamily(String service, List<Discrepancy> discrepancies) {
        Map<String, List<Discrepancy>> families = new LinkedHashMap<>();
        for (Discrepancy d : discrepancies) {
            families.computeIfAbsent(d.metricFamily(), f -> new ArrayList<>()).add(d);
        }
        return families.values().stream().map(ds -> new RegressionReport(service, ds)).toList();
    }
}
