package dev.perfguard.app.web;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import java.util.Collection;

/**
 * How bad an incident looks at a glance, from the largest relative change among its triggering metrics:
 * 25 % or more is critical, 10 % or more major, anything less minor. For telemetry the change is how far
 * the worst window went past its limit. It orders attention on the list; it pages nobody.
 */
enum Severity {
    MINOR, MAJOR, CRITICAL;

    static final double MAJOR_AT = 0.10;
    static final double CRITICAL_AT = 0.25;

    static Severity of(Collection<Discrepancy> discrepancies) {
        double worst = 0;
        for (Discrepancy d : discrepancies) {
            worst = Math.max(worst, relativeChange(d.evidence()));
        }
        return worst >= CRITICAL_AT ? CRITICAL : worst >= MAJOR_AT ? MAJOR : MINOR;
    }

    static double relativeChange(Evidence e) {
        return switch (e) {
            case Evidence.LighthouseDelta l -> relative(l.baseline(), l.current());
            case Evidence.RagEvalChange r -> relative(r.before(), r.after());
            case Evidence.TelemetryWindows t -> relative(t.limit(), Fmt.worst(t));
        };
    }

    private static double relative(double from, double to) {
        if (from == 0) {
            return to == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(to - from) / Math.abs(from);
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
