package dev.perfguard.app.cli.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.MeasureComparison;
import java.util.Locale;

/**
 * A rule a compared measure must satisfy, written {@code MEASURE:KEY=VALUE}:
 * {@code max_drop} (mean may drop by at most VALUE), {@code min} (mean after at least VALUE) or
 * {@code max_failing} (at most VALUE failing queries).
 */
record MeasureExpectation(String measure, String key, double value) {
    static MeasureExpectation parse(String text) {
        int colon = text.lastIndexOf(':');
        int eq = text.indexOf('=', Math.max(colon, 0));
        if (colon <= 0 || eq < 0) {
            throw PerfguardException.badInput("--expect '" + text + "': expected MEASURE:KEY=VALUE, e.g. ndcg_cut_10:max_drop=0.02");
        }
        String key = text.substring(colon + 1, eq);
        if (!key.equals("max_drop") && !key.equals("min") && !key.equals("max_failing")) {
            throw PerfguardException.badInput("--expect '" + text + "': unknown key '" + key
                    + "' (expected max_drop, min or max_failing)");
        }
        double v;
        try {
            v = Double.parseDouble(text.substring(eq + 1));
        } catch (NumberFormatException e) {
            throw PerfguardException.badInput("--expect '" + text + "': '" + text.substring(eq + 1) + "' is not a number");
        }
        if (!Double.isFinite(v) || v < 0) {
            throw PerfguardException.badInput("--expect '" + text + "': the value must be a finite number >= 0");
        }
        return new MeasureExpectation(text.substring(0, colon), key, v);
    }

    boolean holds(MeasureComparison c) {
        return switch (key) {
            case "max_drop" -> c.before() - c.after() <= value + 1e-12;
            case "min" -> c.after() >= value - 1e-12;
            default -> c.failing().size() <= value;
        };
    }

    String describe() {
        return measure + ":" + key + "=" + (key.equals("max_failing") ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value));
    }
}
