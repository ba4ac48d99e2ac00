package dev.perfguard.core.lighthouse;

import dev.perfguard.core.Direction;
import java.util.Locale;
import java.util.Optional;

/** The Lighthouse numbers perfguard reads from each run, with their LHR ids and units. */
public enum LighthouseMetric {
    PERFORMANCE_SCORE("categories.performance", "score", "", Direction.HIGHER_IS_BETTER, true, true),
    FIRST_CONTENTFUL_PAINT("first-contentful-paint", "FCP", "ms", Direction.LOWER_IS_BETTER, true, true),
    LARGEST_CONTENTFUL_PAINT("largest-contentful-paint", "LCP", "ms", Direction.LOWER_IS_BETTER, true, true),
    CUMULATIVE_LAYOUT_SHIFT("cumulative-layout-shift", "CLS", "", Direction.LOWER_IS_BETTER, true, false),
    TOTAL_BLOCKING_TIME("total-blocking-time", "TBT", "ms", Direction.LOWER_IS_BETTER, true, true),
    SPEED_INDEX("speed-index", "SI", "ms", Direction.LOWER_IS_BETTER, true, true),
    INTERACTIVE("interactive", "TTI", "ms", Direction.LOWER_IS_BETTER, false, true),
    MAX_POTENTIAL_FID("max-potential-fid", "MPFID", "ms", Direction.LOWER_IS_BETTER, false, true);

    private final String id;
    private final String shortName;
    private final String unit;
    private final Direction direction;
    private final boolean required;
    private final boolean cpuBound;

    LighthouseMetric(String id, String shortName, String unit, Direction direction, boolean required, boolean cpuBound) {
        this.id = id;
        this.shortName = shortName;
        this.unit = unit;
        this.direction = direction;
        this.required = required;
        this.cpuBound = cpuBound;
    }

    /** The audit id in the LHR, or {@code categories.performance} for the score. */
    public String id() {
        return id;
    }

    public String shortName() {
        return shortName;
    }

    public String unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    /**
     * Whether a run without it counts as failed. TTI and max-potential-FID are deprecated in recent
     * Lighthouse versions, so their absence is tolerated.
     */
    public boolean required() {
        return required;
    }

    /** Whether a slower CPU makes it worse under simulated throttling (all timings; not CLS). */
    public boolean cpuBound() {
        return cpuBound;
    }

    /** Accepts the LHR id, the short name or the enum name, case-insensitively. */
    public static Optional<LighthouseMetric> byName(String name) {
        for (LighthouseMetric m : values()) {
            if (m.id.equalsIgnoreCase(name) || m.shortName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)
                    || (m == PERFORMANCE_SCORE && (name.equalsIgnoreCase("performance") || name.equalsIgnoreCase("score")))
                    || m.id.replace('-', '_').equalsIgnoreCase(name)
                    || (m.shortName.toLowerCase(Locale.ROOT) + "_ms").equalsIgnoreCase(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
