package dev.perfguard.core.telemetry;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import java.util.Objects;
import java.util.OptionalDouble;

/** What a window's value must satisfy. */
public sealed interface Rule {

    /**
     * Absolute bounds: {@code min <= value <= max} (a value equal to a bound is good, like the Core
     * Web Vitals "good" thresholds: LCP at most 2.5 s). At least one bound.
     */
    record Absolute(OptionalDouble min, OptionalDouble max) implements Rule {
        public Absolute {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isEmpty() && max.isEmpty()) {
                throw PerfguardException.badInput("an absolute expectation needs max, min or both");
            }
            min.ifPresent(v -> finite(v, "min"));
            max.ifPresent(v -> finite(v, "max"));
            if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
                throw PerfguardException.badInput("min " + min.getAsDouble() + " is above max " + max.getAsDouble());
            }
        }

        public static Absolute max(double max) {
            return new Absolute(OptionalDouble.empty(), OptionalDouble.of(max));
        }

        public static Absolute min(double min) {
            return new Absolute(OptionalDouble.of(min), OptionalDouble.empty());
        }
    }

    /**
     * At most {@code tolerance} worse than the baseline, in the direction {@code better} says is
     * good. With {@code percent} the tolerance is a fraction of the baseline's magnitude (0.10 =
     * 10 %), otherwise an absolute amount in the query's unit. The limit is
     * {@code baseline + allowed} when lower is better and {@code baseline - allowed} when higher is.
     */
    record Relative(Baseline baseline, double tolerance, boolean percent, Direction better) implements Rule {
        public Relative {
            Objects.requireNonNull(baseline, "baseline");
            Objects.requireNonNull(better, "better");
            finite(tolerance, "tolerance");
            if (tolerance < 0) {
                throw PerfguardException.badInput("tolerance must not be negative, was " + tolerance);
            }
        }

        /** The limit for a baseline value. */
        public double limit(double baselineValue) {
            double allowed = percent ? Math.abs(baselineValue) * tolerance : tolerance;
            return better == Direction.LOWER_IS_BETTER ? baselineValue + allowed : baselineValue - allowed;
        }

        /** True when {@code value} is worse than {@link #limit}. */
        public boolean breaches(double value, double baselineValue) {
            double limit = limit(baselineValue);
            return better == Direction.LOWER_IS_BETTER ? value > limit : value < limit;
        }
    }

    private static void finite(double v, String field) {
        if (!Double.isFinite(v)) {
            throw PerfguardException.badInput(field + " must be a finite number, was " + v);
        }
    }
}
