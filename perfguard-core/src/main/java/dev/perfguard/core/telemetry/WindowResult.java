package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.PanelLink;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One expectation judged in one reporting window.
 *
 * @param name the expectation's name
 * @param metric the metric it stands for
 * @param window the reporting window judged
 * @param verdict ok, breach, no-data or error
 * @param value the window's value, when there was one
 * @param baseline the baseline value of a relative expectation, when there was one
 * @param limit the bound the value was held to (the broken one for an absolute rule with two bounds, else max or min)
 * @param query the exact query sent (placeholder substituted)
 * @param evaluatedAt the time the query was evaluated at, or its last point: just before the window's end (see {@link Queries})
 * @param panel the dashboard panel with {@code from}/{@code to} set to the window
 * @param detail why, for a person: the reason for no-data or error, the baseline windows used
 */
public record WindowResult(
        String name,
        String metric,
        Window window,
        WindowVerdict verdict,
        OptionalDouble value,
        OptionalDouble baseline,
        OptionalDouble limit,
        String query,
        Instant evaluatedAt,
        Optional<PanelLink> panel,
        String detail) {

    public WindowResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(panel, "panel");
        Objects.requireNonNull(detail, "detail");
        if ((verdict == WindowVerdict.OK || verdict == WindowVerdict.BREACH) && value.isEmpty()) {
            throw PerfguardException.badInput("a " + verdict.wireName() + " result needs a value");
        }
    }
}
