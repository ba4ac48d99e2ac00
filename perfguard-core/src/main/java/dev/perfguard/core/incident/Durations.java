package dev.perfguard.core.incident;

import java.time.Duration;

/** Human text for durations: {@code 1h 30m}, {@code 45m}, {@code 2h}, {@code 90s}. */
final class Durations {

    private Durations() {}

    static String text(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() != 0 || seconds == 0) {
            return d.toString();
        }
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(out.isEmpty() ? "" : " ").append(m).append('m');
        }
        if (s > 0) {
            out.append(out.isEmpty() ? "" : " ").append(s).append('s');
        }
        return out.toString();
    }
}
