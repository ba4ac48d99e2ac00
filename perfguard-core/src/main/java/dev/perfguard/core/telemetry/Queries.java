package dev.perfguard.core.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * How a window's value is queried. The configured query is a PromQL instant query in which the
 * placeholder {@value #WINDOW} stands for the window's length written in PromQL ({@code 1h},
 * {@code 30m}); it is evaluated at the window's end. So
 * {@code max_over_time(q[$__window])} or {@code rate(c[$__window])} looks back over exactly the
 * window. A query without the placeholder is evaluated at the window's end as written (an instant
 * gauge value, or a range of the query's own choosing).
 *
 * <p>Boundaries: Prometheus 2.x selects samples in {@code [end - length, end]}, 3.x in
 * {@code (end - length, end]}; so a sample exactly on a boundary may belong to both windows in 2.x.
 * For counters read through {@code rate}/{@code increase} that is the correct start of the increase;
 * for gauges it is one sample among a window's worth.
 */
public final class Queries {
    /** The placeholder replaced by the window length. */
    public static final String WINDOW = "$__window";

    private Queries() {}

    /** The query as sent for {@code window}. */
    public static String render(String template, Window window) {
        Objects.requireNonNull(template, "template");
        return template.replace(WINDOW, PromDurations.text(window.length()));
    }

    /** When the query is evaluated for {@code window}: its end. */
    public static Instant evaluationTime(Window window) {
        return window.end();
    }
}
