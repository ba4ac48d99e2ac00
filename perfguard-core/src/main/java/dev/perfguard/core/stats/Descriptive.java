package dev.perfguard.core.stats;

import java.util.Arrays;

/** Order statistics over small double arrays. NaN values are the caller's to remove. */
public final class Descriptive {
    private Descriptive() {}

    /** The median; the mean of the two middle values for an even count. */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2.0;
    }

    public static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    public static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    public static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
