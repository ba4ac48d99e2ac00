package dev.perfguard.core.lighthouse;

import java.util.Locale;

/** A Lighthouse metric's name and values as people read them: the score in points, CLS to three places, times in ms. */
public final class MetricText {
    private MetricText() {}

    public static String name(LighthouseMetric m) {
        return switch (m) {
            case PERFORMANCE_SCORE -> "Performance score";
            case FIRST_CONTENTFUL_PAINT -> "First Contentful Paint";
            case LARGEST_CONTENTFUL_PAINT -> "Largest Contentful Paint";
            case CUMULATIVE_LAYOUT_SHIFT -> "Cumulative Layout Shift";
            case TOTAL_BLOCKING_TIME -> "Total Blocking Time";
            case SPEED_INDEX -> "Speed Index";
            case INTERACTIVE -> "Time to Interactive";
            case MAX_POTENTIAL_FID -> "Max Potential FID";
        };
    }

    public static String value(LighthouseMetric m, double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return switch (m) {
            case PERFORMANCE_SCORE -> String.format(Locale.ROOT, "%.0f", v * 100);
            case CUMULATIVE_LAYOUT_SHIFT -> String.format(Locale.ROOT, "%.3f", v);
            default -> String.format(Locale.ROOT, "%,.0f ms", v);
        };
    }

    public static String delta(MetricResult m) {
        double d = m.delta();
        if (!Double.isFinite(d)) {
            return "n/a";
        }
        String abs = switch (m.metric()) {
            case PERFORMANCE_SCORE -> String.format(Locale.ROOT, "%+.0f", d * 100);
            case CUMULATIVE_LAYOUT_SHIFT -> String.format(Locale.ROOT, "%+.3f", d);
            default -> String.format(Locale.ROOT, "%+,.0f ms", d);
        };
        return Double.isFinite(m.relativeDelta()) ? abs + String.format(Locale.ROOT, " (%+.1f%%)", m.relativeDelta() * 100) : abs;
    }
}
