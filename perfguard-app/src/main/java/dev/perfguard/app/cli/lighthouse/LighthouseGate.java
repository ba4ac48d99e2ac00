package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.core.lighthouse.Status;
import dev.perfguard.core.lighthouse.assertions.AssertionReport;
import java.util.ArrayList;
import java.util.List;

/** A Lighthouse comparison as a gate: its verdict, and what could not be judged when it is inconclusive. */
public final class LighthouseGate {
    private LighthouseGate() {}

    public static GateVerdict verdict(ComparisonReport report) {
        return verdict(report, AssertionReport.NONE);
    }

    /** The comparison's verdict, a regression when an {@code error} assertion fails. */
    public static GateVerdict verdict(ComparisonReport report, AssertionReport assertions) {
        return switch (LighthouseReport.verdict(report, assertions)) {
            case PASS -> GateVerdict.PASS;
            case REGRESSION -> GateVerdict.REGRESSION;
            case INCONCLUSIVE -> GateVerdict.INCONCLUSIVE;
        };
    }

    /** Why an inconclusive comparison concluded nothing: the count of open metrics and the first one's reason. */
    static String why(ComparisonReport report) {
        List<String> open = new ArrayList<>();
        for (GroupResult g : report.groups()) {
            if (g.metrics().isEmpty()) {
                open.add(g.url() + " [" + g.formFactor() + "]: " + String.join("; ", g.notes()));
            }
            for (MetricResult m : g.metrics()) {
                if (m.status() == Status.INCONCLUSIVE) {
                    open.add(m.metric().id() + " on " + g.url() + " [" + g.formFactor() + "]: " + m.reason());
                }
            }
        }
        if (open.isEmpty()) {
            return "no group of runs could be compared";
        }
        return open.size() + " result(s) could not be judged, first " + open.getFirst();
    }
}
