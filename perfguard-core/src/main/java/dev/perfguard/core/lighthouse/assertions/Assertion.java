package dev.perfguard.core.lighthouse.assertions;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One entry of {@code assertions}: a level alone ({@code "error"}) or a level with options
 * ({@code ["error", {"maxNumericValue": 2000}]}). The two forms merge differently over a preset's
 * entry: a level alone replaces it, a level with options keeps the preset's options it does not set.
 * {@code auditRan} is accepted and, as in LHCI, asserts nothing beyond the check every audit gets.
 */
public record Assertion(Level level, boolean withOptions, OptionalDouble minScore, OptionalDouble maxLength,
        OptionalDouble maxNumericValue, Optional<Aggregation> aggregation) {
    public static final Assertion OFF = of(Level.OFF);

    public Assertion {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(minScore, "minScore");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(maxNumericValue, "maxNumericValue");
        Objects.requireNonNull(aggregation, "aggregation");
    }

    /** A level alone. */
    public static Assertion of(Level level) {
        return new Assertion(level, false, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
    }

    /** This entry written over {@code base} (a preset's), as LHCI merges a configuration into its preset. */
    Assertion over(Assertion base) {
        if (!withOptions || !base.withOptions) {
            return this;
        }
        return new Assertion(level, true,
                minScore.isPresent() ? minScore : base.minScore,
                maxLength.isPresent() ? maxLength : base.maxLength,
                maxNumericValue.isPresent() ? maxNumericValue : base.maxNumericValue,
                aggregation.isPresent() ? aggregation : base.aggregation);
    }
}
