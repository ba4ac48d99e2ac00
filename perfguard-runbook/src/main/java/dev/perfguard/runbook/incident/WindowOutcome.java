package dev.perfguard.runbook.incident;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.MetricOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric's result in one reporting window, as reported by a CI check or the telemetry watch.
 * {@code value} is the window's aggregate in the metric's unit, when known.
 */
public record WindowOutcome(String metric, MetricOutcome outcome, Optional<Double> value) {
    public WindowOutcome {
        Objects.requireNonNull(metric, "metric");
        if (metric.isBlank() || metric.length() > 300) {
            throw PerfguardException.badInput("window result metric must be 1-300 characters, was '" + metric + "'");
        }
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(value, "value");
        value.ifPresent(v -> {
            if (!Double.isFinite(v)) {
                throw PerfguardException.badInput("window result value of " + metric + " must be finite, was " + v);
            }
        });
    }
}
