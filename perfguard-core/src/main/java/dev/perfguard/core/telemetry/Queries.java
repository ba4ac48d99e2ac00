package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a window's value is queried. A window covers {@code [start, end)}: a sample exactly at its
 * end is the next window's first and never decides it.
 *
 * <ul>
 *   <li>A query with the placeholder {@value #WINDOW} (replaced by the window's length in PromQL,
 *       {@code 1h}, {@code 30m}) is one instant query evaluated at {@code end - 1 ms}, so
 *       {@code max_over_time(q[$__window])} or {@code rate(c[$__window])} selects the samples in
 *       {@code (start - 1 ms, end - 1 ms]} on Prometheus 3 (left-open ranges), which at Prometheus'
 *       millisecond resolution is exactly {@code [start, end)}, and {@code [start - 1 ms, end - 1 ms]}
 *       on Prometheus 2.x (left-closed): the same, plus a sample lying exactly 1 ms before the start.</li>
 *   <li>A query without it is evaluated at every {@link #points point} of the window, which a
 *       {@link Aggregate} reduces to one value. Point {@code k} (1 to {@code n = length / step}) is
 *       {@code start + k·step - 1 ms}; it sees the latest sample before {@code start + k·step}
 *       (within Prometheus' lookback, 5 minutes by default). With {@code step} no coarser than the
 *       scrape interval every sample of {@code [start, end)} is seen, whether the scrapes fall on the
 *       boundaries or not, and none from after the end; the first point sees a sample from before the
 *       start only when there is none in the window's first step.</li>
 * </ul>
 */
public final class Queries {
    /** The placeholder replaced by the window length. */
    public static final String WINDOW = "$__window";
    /** Prometheus refuses a {@code query_range} of more points; no window is split into more. */
    public static final int MAX_POINTS = 11_000;
    /** The default step's upper bound: Prometheus' usual scrape interval in its example configuration. */
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(15);
    private static final Duration BEFORE_END = Duration.ofMillis(1);

    private Queries() {}

    /** The query as sent for {@code window}. */
    public static String render(String template, Window window) {
        Objects.requireNonNull(template, "template");
        return template.replace(WINDOW, PromDurations.text(window.length()));
    }

    /** Whether {@code template} covers the window itself ({@value #WINDOW}) rather than being evaluated across it. */
    public static boolean spansWindow(String template) {
        return template.contains(WINDOW);
    }

    /** When a query with {@value #WINDOW} is evaluated for {@code window}, and the last of its points: just before its end. */
    public static Instant evaluationTime(Window window) {
        return window.end().minus(BEFORE_END);
    }

    /** The times a query without {@value #WINDOW} is evaluated at in {@code window}, ascending: {@code start + k·step - 1 ms}. */
    public static List<Instant> points(Window window, Duration step) {
        checkStep(step, window.length());
        long n = window.length().toMillis() / step.toMillis();
        List<Instant> out = new ArrayList<>((int) n);
        for (long k = 1; k <= n; k++) {
            out.add(window.start().plus(step.multipliedBy(k)).minus(BEFORE_END));
        }
        return out;
    }

    /**
     * The step used when none is configured: the largest that is at most {@link #DEFAULT_STEP} and
     * divides {@code length} into whole steps (15 s for any length that is a whole number of 15 s),
     * unless that gives more than {@link #MAX_POINTS} points (windows over 45 h 50 min): then the
     * smallest step that divides {@code length} into at most that many.
     */
    public static Duration defaultStep(Duration length) {
        long ms = length.toMillis();
        if (ms < 1) {
            throw PerfguardException.badInput("window length " + length + " is shorter than 1 ms");
        }
        long fewest = Math.ceilDiv(ms, DEFAULT_STEP.toMillis());
        for (long n = fewest; n <= MAX_POINTS; n++) {
            if (ms % n == 0) {
                return Duration.ofMillis(ms / n);
            }
        }
        for (long n = Math.min(fewest - 1, MAX_POINTS); n > 1; n--) {
            if (ms % n == 0) {
                return Duration.ofMillis(ms / n);
            }
        }
        return Duration.ofMillis(ms);
    }

    /** Refuses a step that is not whole milliseconds, does not divide {@code length}, or splits it into more than {@link #MAX_POINTS} points. */
    public static void checkStep(Duration step, Duration length) {
        Objects.requireNonNull(step, "step");
        String window = PromDurations.text(length) + " reporting window";
        if (step.isNegative() || step.isZero() || !Duration.ofMillis(step.toMillis()).equals(step)) {
            throw PerfguardException.badInput("step must be a positive whole number of milliseconds, was " + step);
        }
        long ms = length.toMillis();
        if (!Duration.ofMillis(ms).equals(length) || ms % step.toMillis() != 0) {
            throw PerfguardException.badInput("step " + PromDurations.text(step) + " does not divide the " + window + " into whole steps");
        }
        if (ms / step.toMillis() > MAX_POINTS) {
            throw PerfguardException.badInput("step " + PromDurations.text(step) + " splits the " + window + " into "
                    + ms / step.toMillis() + " points; Prometheus answers at most " + MAX_POINTS);
        }
    }
}
