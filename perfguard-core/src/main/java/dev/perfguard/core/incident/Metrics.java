package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.util.Objects;

/** Small helpers about metric names, shared inside this package. */
final class Metrics {

    static final int MAX_NAME = 512;

    private Metrics() {}

    /** Validates a metric name such as {@code lighthouse.lcp_ms{page=/,preset=mobile}} and returns it. */
    static String requireName(String metric, String field) {
        Objects.requireNonNull(metric, field);
        if (metric.isBlank() || metric.length() > MAX_NAME || metric.chars().anyMatch(Character::isISOControl)
                || Character.isWhitespace(metric.charAt(0))) {
            throw PerfguardException.badInput(field + " '" + metric
                    + "' is invalid; expected a metric name of 1-" + MAX_NAME + " characters without control characters");
        }
        return metric;
    }

    /** The name without its {@code {labels}} part. */
    static String baseName(String metric) {
        int brace = metric.indexOf('{');
        return (brace < 0 ? metric : metric.substring(0, brace)).strip();
    }
}
