package dev.perfguard.core.telemetry;

import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a relative expectation compares a window with: the same window a day or a week earlier,
 * or the median of the {@code N} windows right before it.
 */
public sealed interface Baseline {
    int MAX_TRAILING = 168;

    /** How the configuration writes it: {@code 1d}, {@code 1w}, {@code trailing:6}. */
    String text();

    /** The same window shifted {@code offset} earlier (one day or one week). */
    record SameWindowEarlier(Duration offset) implements Baseline {
        public static final SameWindowEarlier DAY = new SameWindowEarlier(Duration.ofDays(1));
        public static final SameWindowEarlier WEEK = new SameWindowEarlier(Duration.ofDays(7));

        public SameWindowEarlier {
            if (!offset.equals(Duration.ofDays(1)) && !offset.equals(Duration.ofDays(7))) {
                throw PerfguardException.badInput("a baseline offset must be 1d or 1w, was " + offset);
            }
        }

        @Override
        public String text() {
            return offset.equals(Duration.ofDays(1)) ? "1d" : "1w";
        }
    }

    /** The median of the values of the {@code windows} windows right before the judged one. */
    record Trailing(int windows) implements Baseline {
        public Trailing {
            if (windows < 1 || windows > MAX_TRAILING) {
                throw PerfguardException.badInput("trailing baseline windows must be between 1 and " + MAX_TRAILING
                        + ", was " + windows);
            }
        }

        @Override
        public String text() {
            return "trailing:" + windows;
        }
    }

    Pattern TRAILING = Pattern.compile("trailing:(\\d{1,4})");

    /** Parses {@code 1d}, {@code 1w} or {@code trailing:N}; anything else is {@code BAD_INPUT} naming the forms. */
    static Baseline parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("1d")) {
            return SameWindowEarlier.DAY;
        }
        if (s.equals("1w") || s.equals("7d")) {
            return SameWindowEarlier.WEEK;
        }
        Matcher m = TRAILING.matcher(s);
        if (m.matches()) {
            return new Trailing(Integer.parseInt(m.group(1)));
        }
        throw PerfguardException.badInput("baseline must be 1d, 1w or trailing:N (N from 1 to " + MAX_TRAILING
                + "), was '" + text + "'");
    }
}
