package dev.perfguard.core.rageval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point number formatting the way C's {@code printf("%6.4f")} does it with glibc.
 *
 * <p>glibc rounds the exact binary value of the double to the requested number of decimals, and
 * an exact tie (possible only for values such as 0.03125 whose binary expansion ends there) goes
 * to the even neighbour. Java's {@code String.format} rounds half-up on the decimal expansion and
 * prints 0.0313 where C prints 0.0312. Negative values that round to zero keep their sign
 * ({@code -0.0000}), NaN prints as {@code nan} or {@code -nan}, infinities as {@code inf}.
 */
public final class CFormat {
    private CFormat() {}

    /** {@code printf("%6.4f", v)}. */
    public static String fixed4(double v) {
        return fixed(v, 4, 6);
    }

    /** {@code printf("%<width>.<decimals>f", v)}, right-aligned, padded with spaces. */
    public static String fixed(double v, int decimals, int width) {
        String s = digits(v, decimals);
        if (s.length() >= width) {
            return s;
        }
        return " ".repeat(width - s.length()) + s;
    }

    private static String digits(double v, int decimals) {
        boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        if (Double.isNaN(v)) {
            return negative ? "-nan" : "nan";
        }
        if (Double.isInfinite(v)) {
            return negative ? "-inf" : "inf";
        }
        String body = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return negative ? "-" + body : body;
    }
}
