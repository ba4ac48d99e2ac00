package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.PanelLink;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A telemetry expectation: a PromQL {@code query} (with the {@code $__window} placeholder, see
 * {@link Queries}), the {@link Rule} its value must satisfy in each reporting window, the metric it
 * stands for (e.g. {@code edge.latency_p95_s{route=/api/search}}; its family, the part before the
 * first dot, decides which incident it belongs to), the owning squad and the dashboard panel.
 */
public record Expectation(String name, String query, String metric, Rule rule, Optional<String> squad, Optional<URI> panel) {
    public Expectation {
        requireLine(name, "name", 200);
        requireLine(query, "query", 10_000);
        requireLine(metric, "metric", 512);
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(squad, "squad");
        squad.ifPresent(s -> requireLine(s, "squad", 200));
        Objects.requireNonNull(panel, "panel");
        panel.ifPresent(p -> new PanelLink(name, p)); // absolute http(s), or BAD_INPUT naming the field
        if (!metric.contains(".") || metric.startsWith(".")) {
            throw PerfguardException.badInput("metric '" + metric + "' needs a family before a dot, e.g. edge.latency_p95_s");
        }
    }

    private static void requireLine(String value, String field, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw PerfguardException.badInput(field + " must be a single line of 1 to " + max + " characters");
        }
    }
}
