package dev.perfguard.signals.rageval;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Number parsing straight from bytes, with C's meaning. */
final class Numbers {
    private Numbers() {}

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /**
     * The double nearest the decimal in {@code b[from, to)}, as C's strtod gives it; NaN when the
     * text is not a number. Plain decimals with at most 15 significant digits take an exact fast
     * path (one correctly rounded division or multiplication of two exact doubles); everything
     * else goes through {@link Double#parseDouble}.
     */
    static double parseDouble(byte[] b, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            if (mant != 0 || b[i] != '0') {
                digits++;
            }
            mant = mant * 10 + (b[i] - '0');
            any = true;
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (mant != 0 || b[i] != '0') {
                    digits++;
                }
                mant = mant * 10 + (b[i] - '0');
                scale++;
                any = true;
                i++;
            }
        }
        if (i == to && any && digits <= 15 && scale <= 22) {
            double v = scale == 0 ? (double) mant : (double) mant / POW10[scale];
            return neg ? -v : v;
        }
        return slow(b, from, to);
    }

    private static double slow(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        String lower = s.toLowerCase(Locale.ROOT);
        String body = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (body.equals("inf") || body.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.isEmpty() || !(Character.isDigit(body.charAt(0)) || body.charAt(0) == '.')) {
            return Double.NaN;
        }
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == '-' || c == '+')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** An integer in {@code b[from, to)}, or {@code Long.MIN_VALUE} when it is not one. */
    static long parseLong(byte[] b, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }
}
