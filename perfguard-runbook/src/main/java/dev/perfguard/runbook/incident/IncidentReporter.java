package dev.perfguard.runbook.incident;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.RegressionReport;
import java.util.List;

/**
 * The one way regressions reach an incident: a {@link RegressionReport} opens an incident, or attaches
 * to the open one with the same fingerprint. {@link IncidentService} files it in the store; the CLI's
 * REST client files it through a server ({@code check --report-to}, {@code incident open}).
 */
public interface IncidentReporter {

    /** Files {@code report} on behalf of {@code who}: the incident as stored, and whether it was opened now. */
    Reported report(RegressionReport report, String who);

    /**
     * Files {@code discrepancies} of {@code service} as one report per metric family (each family is its
     * own incident), in the order the families first appear; nothing when there are none.
     */
    default List<Reported> reportAll(String service, List<Discrepancy> discrepancies, String who) {
        return RegressionReport.byFamily(service, discrepancies).stream().map(r -> report(r, who)).toList();
    }
}
