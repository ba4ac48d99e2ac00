package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One reporting window's per-metric results. Windows lie on a fixed grid: a window of length
 * {@code L} starts at a whole multiple of {@code L} after the epoch (one-hour windows start on the
 * hour, UTC), and covers {@code [start, start + L)}. Use {@link #slotStart} to find the window a
 * moment (a CI check, a telemetry evaluation) belongs to. A metric absent from {@code results} is
 * {@link MetricOutcome#NO_DATA}.
 */
public record ReportingWindow(Instant start, Duration length, Map<String, MetricOutcome> results) {

    static final Duration MAX_LENGTH = Duration.ofDays(366);

    public ReportingWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(results, "results");
        requirePositive(length);
        if (!slotStart(start, length).equals(start)) {
            throw PerfguardException.badInput("window start " + start + " is not on the " + Durations.text(length)
                    + " grid; the window containing it starts at " + slotStart(start, length));
        }
        TreeMap<String, MetricOutcome> copy = new TreeMap<>();
        results.forEach((metric, outcome) -> copy.put(Metrics.requireName(metric, "window metric"),
                Objects.requireNonNull(outcome, "outcome of " + metric)));
        results = Collections.unmodifiableMap(copy);
    }

    public Instant end() {
        return start.plus(length);
    }

    /** The outcome of {@code metric} in this window; {@link MetricOutcome#NO_DATA} when not reported. */
    public MetricOutcome outcomeOf(String metric) {
        return results.getOrDefault(metric, MetricOutcome.NO_DATA);
    }

    /** The start of the window of length {@code length} that contains {@code moment}. */
    public static Instant slotStart(Instant moment, Duration length) {
        Objects.requireNonNull(moment, "moment");
        requirePositive(length);
        // nanosecond arithmetic covers the years 1678 to 2262, plenty for reporting windows
        long nanos;
        try {
            nanos = Math.addExact(Math.multiplyExact(moment.getEpochSecond(), 1_000_000_000L), moment.getNano());
        } catch (ArithmeticException e) {
            throw PerfguardException.badInput("time " + moment + " is out of range; expected a time between 1678 and 2262");
        }
        long len = length.toNanos();
        return Instant.EPOCH.plusNanos(Math.floorDiv(nanos, len) * len);
    }

    private static void requirePositive(Duration length) {
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0) {
            throw PerfguardException.badInput("window length must be positive and at most 366 days, was " + length);
        }
    }
}
