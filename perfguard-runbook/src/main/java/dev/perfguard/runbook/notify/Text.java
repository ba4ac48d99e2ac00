package dev.perfguard.runbook.notify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting shared by the channels: numbers with at most four decimals, times in UTC; never the default locale. */
final class Text {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Text() {}

    static String num(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0, RoundingMode.UNNECESSARY);
        }
        return d.toPlainString();
    }

    static String signed(double v) {
        String n = num(v);
        return v > 0 ? "+" + n : n;
    }

    static String withUnit(double v, String unit) {
        return unit.isEmpty() ? num(v) : num(v) + " " + unit;
    }

    static String time(Instant at) {
        return TIME.format(at);
    }

    /** {@code delta} relative to {@code before} as a signed percentage, or empty when {@code before} is zero. */
    static String percent(double before, double delta) {
        if (before == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100.0 * delta / Math.abs(before));
    }
}
