package dev.perfguard.core.telemetry;

import java.time.Duration;

/** Durations in PromQL's notation: the largest unit that divides exactly ({@code 1w}, {@code 1d}, {@code 90m}, {@code 500ms}). */
final class PromDurations {
    private PromDurations() {}

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0 || !Duration.ofMillis(ms).equals(d)) {
            return d.toString();
        }
        long[] sizes = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return (ms / sizes[i]) + units[i];
            }
        }
        throw new AssertionError(d);
    }
}
