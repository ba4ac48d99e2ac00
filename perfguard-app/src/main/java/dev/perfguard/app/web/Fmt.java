package dev.perfguard.app.web;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Numbers, times and changes as the pages print them. Times are UTC and say so. */
final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Fmt() {}

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String clock(Instant t) {
        return CLOCK.format(t);
    }

    /** The value of a {@code datetime-local} input, in UTC. */
    static String inputTime(Instant t) {
        return INPUT.format(t);
    }

    /** "1 h", "20 s", "2 d". */
    static String duration(Duration d) {
        if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + " d";
        }
        if (d.toMinutes() >= 60 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
            return d.toHours() + " h";
        }
        if (d.toSeconds() >= 60 && d.toSecondsPart() == 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }

    static String iso(Instant t) {
        return t.toString();
    }

    /** "3 h 20 min", "2 d 4 h", "45 s". */
    static String age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long days = d.toDays();
        if (days > 0) {
            return days + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }

    /** A value with up to three significant decimals and thousands separators. */
    static String num(double v) {
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%,.0f" : a >= 10 ? "%,.1f" : a >= 1 ? "%,.2f" : "%,.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String signed(double v) {
        return (v > 0 ? "+" : v < 0 ? "\u2212" : "\u00b1") + num(Math.abs(v));
    }

    /** The relative change {@code after/before - 1} in percent, or empty when the baseline is zero. */
    static String percent(double before, double after) {
        if (before == 0) {
            return "";
        }
        double p = (after - before) / Math.abs(before) * 100;
        return String.format(Locale.ROOT, "%s%.1f %%", p > 0 ? "+" : p < 0 ? "\u2212" : "\u00b1", Math.abs(p));
    }

    /** "p = 0.004", "p < 0.001". */
    static String pValue(double p) {
        return p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }

    static String arrow(double delta) {
        return delta > 0 ? "\u2191" : delta < 0 ? "\u2193" : "\u2192";
    }

    /** Words for an arrow, for screen readers. */
    static String arrowWords(double delta) {
        return delta > 0 ? "up" : delta < 0 ? "down" : "unchanged";
    }

    static String unit(String unit) {
        return unit.isEmpty() ? "" : " " + unit;
    }

    /** One line on a triggering metric's change, as the list shows it. */
    static String change(Discrepancy d) {
        return switch (d.evidence()) {
            case Evidence.LighthouseDelta l -> num(l.baseline()) + " \u2192 " + num(l.current()) + unit(l.unit()) + " ("
                    + orDelta(percent(l.baseline(), l.current()), l.delta()) + ")";
            case Evidence.RagEvalChange r -> num(r.before()) + " \u2192 " + num(r.after()) + " ("
                    + orDelta(percent(r.before(), r.after()), r.delta()) + ")";
            case Evidence.TelemetryWindows t -> "worst " + num(worst(t)) + " against the limit " + num(t.limit());
        };
    }

    private static String orDelta(String percent, double delta) {
        return percent.isEmpty() ? signed(delta) : percent;
    }

    /** The window value farthest past the limit (the largest when the limit is a maximum). */
    static double worst(Evidence.TelemetryWindows t) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (Evidence.WindowValue w : t.values()) {
            max = Math.max(max, w.value());
            min = Math.min(min, w.value());
        }
        return max > t.limit() ? max : min;
    }

    static String list(List<String> items) {
        return String.join(", ", items);
    }

    /** A CSS class name from a wire name: {@code investigating} to {@code state-investigating}. */
    static String stateClass(String wireName) {
        return "state-" + wireName;
    }
}
