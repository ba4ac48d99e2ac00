package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ReportingWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One reporting window {@code [start, start + length)} on the UTC grid of
 * {@link ReportingWindow#slotStart}: a window of length {@code L} starts at a whole multiple of
 * {@code L} after the epoch (hourly windows start on the hour).
 */
public record Window(Instant start, Duration length) {
    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        Instant aligned = ReportingWindow.slotStart(start, length); // validates the length too
        if (!aligned.equals(start)) {
            throw PerfguardException.badInput("window start " + start + " is not on the " + PromDurations.text(length)
                    + " grid; the window containing it starts at " + aligned);
        }
    }

    /** The window of length {@code length} that contains {@code moment}. */
    public static Window containing(Instant moment, Duration length) {
        return new Window(ReportingWindow.slotStart(moment, length), length);
    }

    /** The last window that has ended at {@code now} (at exactly 12:00:00, hourly: 11:00-12:00). */
    public static Window lastClosed(Instant now, Duration length) {
        return containing(now, length).previous(1);
    }

    /** The exclusive end. */
    public Instant end() {
        return start.plus(length);
    }

    /** The window {@code n} windows before this one. */
    public Window previous(int n) {
        return new Window(start.minus(length.multipliedBy(n)), length);
    }

    /** The window starting {@code offset} earlier; {@code offset} must be a whole number of windows. */
    public Window earlier(Duration offset) {
        if (offset.toNanos() % length.toNanos() != 0) {
            throw PerfguardException.badInput("a baseline " + PromDurations.text(offset) + " earlier is not a whole number of "
                    + PromDurations.text(length) + " windows");
        }
        return new Window(start.minus(offset), length);
    }

    /** True when the window has ended at {@code now}. */
    public boolean closedAt(Instant now) {
        return !end().isAfter(now);
    }

    @Override
    public String toString() {
        return start + " to " + end();
    }
}
