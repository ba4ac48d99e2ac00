package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.PanelLink;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A telemetry expectation: a PromQL {@code query} (with the {@code $__window} placeholder, see
 * {@link Queries}), the {@link Rule} its value must satisfy in each reporting window, the metric it
 * stands for (e.g. {@code edge.latency_p95_s{route=/api/search}}; its family, the part before the
 * first dot, decides which incident it belongs to), the owning squad and the dashboard panel.
 * A query without the placeholder is evaluated across the window every {@code step} (default
 * {@link Queries#defaultStep}) and its points reduced by {@code aggregate}; both apply only to such
 * a query.
 */
public record Expectation(String name, String query, String metric, Rule rule, Optional<String> squad, Optional<URI> panel,
        Aggregate aggregate, Optional<Duration> step) {
    public Expectation {
        requireLine(name, "name", 200);
        requireQuery(query);
        requireLine(metric, "metric", 512);
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(squad, "squad");
        squad.ifPresent(s -> requireLine(s, "squad", 200));
        Objects.requireNonNull(panel, "panel");
        panel.ifPresent(p -> new PanelLink(name, p)); // absolute http(s), or BAD_INPUT naming the field
        if (!metric.contains(".") || metric.startsWith(".")) {
            throw PerfguardException.badInput("metric '" + metric + "' needs a family before a dot, e.g. edge.latency_p95_s");
        }
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(step, "step");
        step.ifPresent(s -> {
            if (s.isNegative() || s.isZero() || !Duration.ofMillis(s.toMillis()).equals(s)) {
                throw PerfguardException.badInput("step must be a positive whole number of milliseconds, was " + s);
            }
        });
    }

    /** An expectation whose query, if it has no {@value Queries#WINDOW}, is reduced by the mean of points at the default step. */
    public Expectation(String name, String query, String metric, Rule rule, Optional<String> squad, Optional<URI> panel) {
        this(name, query, metric, rule, squad, panel, Aggregate.MEAN, Optional.empty());
    }

    /** The step of this expectation's points in windows of {@code length}. */
    public Duration step(Duration length) {
        return step.orElseGet(() -> Queries.defaultStep(length));
    }

    /** PromQL may span lines (a YAML {@code |} block): line breaks and tabs are fine, other control characters not. */
    private static void requireQuery(String query) {
        Objects.requireNonNull(query, "query");
        if (query.isBlank() || query.length() > 10_000
                || query.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw PerfguardException.badInput("query must be 1 to 10000 characters without control characters other than line breaks and tabs");
        }
    }

    private static void requireLine(String value, String field, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw PerfguardException.badInput(field + " must be a single line of 1 to " + max + " characters");
        }
    }
}
