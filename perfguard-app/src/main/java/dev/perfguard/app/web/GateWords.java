package dev.perfguard.app.web;

import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Closure;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.runbook.incident.IncidentService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The closing gate's status in a sentence a person reads at a glance. */
final class GateWords {
    private GateWords() {}

    static String describe(Incident incident, IncidentService.Closability c, ClosingGate gate) {
        if (incident.closure().isPresent()) {
            Closure closure = incident.closure().get();
            String how = closure.basis() instanceof Closure.Basis.AdminOverride o ? " by admin override (" + o.reason() + ")"
                    : " through the gate";
            return "Closed " + Fmt.time(closure.closedAt()) + " by " + closure.closedBy() + how + ".";
        }
        int need = gate.closeAfterWindows();
        if (c.closable()) {
            return "Ready to close: the last " + need + " reporting windows were within tolerance.";
        }
        int good = 0;
        Instant lastGoodEnd = null;
        List<ReportingWindow> windows = new ArrayList<>(c.windows());
        windows.sort(Comparator.comparing(ReportingWindow::start).reversed());
        for (ReportingWindow w : windows) {
            if (!w.end().isAfter(incident.openedAt()) || !allWithin(incident, w)) {
                break;
            }
            if (lastGoodEnd == null) {
                lastGoodEnd = w.end();
            }
            good++;
        }
        int missing = Math.max(1, need - good);
        String windowWord = missing == 1 ? "one more in-tolerance window" : missing + " more in-tolerance windows";
        String after = lastGoodEnd != null ? " after " + Fmt.clock(lastGoodEnd) + " UTC" : "";
        String other = c.blockers().stream().anyMatch(b -> !b.contains("window")) ? "; other blockers below" : "";
        return "Needs " + windowWord + after + " (" + good + " of " + need + " so far, windows of "
                + Fmt.duration(gate.windowLength()) + ")" + other + ".";
    }

    private static boolean allWithin(Incident incident, ReportingWindow w) {
        for (String m : incident.triggeringMetrics()) {
            if (w.outcomeOf(m) != MetricOutcome.WITHIN_TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
