package dev.perfguard.core.telemetry;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.stats.Descriptive;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the points of a query without {@value Queries#WINDOW}, evaluated across its window (see
 * {@link Queries#points}), become the window's one value. Points without a value are left out first.
 */
public enum Aggregate {
    /** The arithmetic mean of the points (the default). */
    MEAN("mean"),
    /**
     * The point that is worst for the rule: the highest for an upper bound ({@code max}) or a relative
     * expectation where lower is better, the lowest for a lower bound ({@code min}) or where higher is
     * better; with both {@code min} and {@code max}, the point furthest beyond (or least inside) its bound.
     */
    WORST("worst"),
    /** The last point with a value. */
    LAST("last"),
    /** The 95th percentile of the points, interpolated between neighbours as Prometheus' {@code quantile_over_time} does. */
    P95("p95");

    private final String wireName;

    Aggregate(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Aggregate parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Aggregate a : values()) {
            if (a.wireName.equals(t)) {
                return a;
            }
        }
        throw PerfguardException.badInput("aggregate must be mean, worst, last or p95, was '" + text + "'");
    }

    /** The value of {@code points} (at least one, in time order) for {@code rule}. */
    double of(double[] points, Rule rule) {
        if (points.length == 0) {
            throw new IllegalArgumentException("no points to aggregate");
        }
        return switch (this) {
            case MEAN -> Descriptive.mean(points);
            case LAST -> points[points.length - 1];
            case P95 -> quantile(points, 0.95);
            case WORST -> worst(points, rule);
        };
    }

    private static double worst(double[] points, Rule rule) {
        return switch (rule) {
            case Rule.Relative r -> r.better() == Direction.LOWER_IS_BETTER ? Descriptive.max(points) : Descriptive.min(points);
            case Rule.Absolute a when a.min().isEmpty() -> Descriptive.max(points);
            case Rule.Absolute a when a.max().isEmpty() -> Descriptive.min(points);
            case Rule.Absolute a -> {
                double max = a.max().getAsDouble();
                double min = a.min().getAsDouble();
                double worst = points[0];
                for (double v : points) {
                    if (Math.max(v - max, min - v) > Math.max(worst - max, min - worst)) {
                        worst = v;
                    }
                }
                yield worst;
            }
        };
    }

    private static double quantile(double[] points, double q) {
        double[] s = points.clone();
        Arrays.sort(s);
        double rank = q * (s.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, s.length - 1);
        double weight = rank - lower;
        return s[lower] * (1 - weight) + s[upper] * weight;
    }
}
