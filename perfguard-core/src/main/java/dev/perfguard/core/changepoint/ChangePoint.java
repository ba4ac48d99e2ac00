package dev.perfguard.core.changepoint;

import java.util.Objects;

/**
 * One place where a series changed level.
 *
 * @param index position in the input array of the first observation of the new segment (missing
 *     values count as positions; the index always names a non-missing observation)
 * @param before the level of the segment that ends just before {@code index}
 * @param after the level of the segment that starts at {@code index}
 * @param change relative change of the median, {@code (after.median - before.median) / |before.median|};
 *     infinite when the median before is zero and the medians differ
 * @param pValue probability of a split at least this strong in the surrounding two segments if
 *     they held no change (rank permutation test, corrected for lag-one autocorrelation); in (0, 1]
 * @param kind regression or improvement, given the metric's direction
 */
public record ChangePoint(int index, Level before, Level after, double change, double pValue, Kind kind) {

    /** Whether the change made the metric worse or better. */
    public enum Kind {
        REGRESSION,
        IMPROVEMENT
    }

    public ChangePoint {
        if (index < 1) {
            throw new IllegalArgumentException("index must be at least 1, was " + index);
        }
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(kind, "kind");
        if (!(pValue > 0 && pValue <= 1)) {
            throw new IllegalArgumentException("pValue must be in (0, 1], was " + pValue);
        }
    }

    /** {@code 1 - pValue}: how sure the detector is that the level changed here. */
    public double confidence() {
        return 1 - pValue;
    }
}
