package dev.perfguard.core.changepoint;

import dev.perfguard.core.Direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the points where a metric's history changed level: the build where it broke.
 *
 * <p>The method (rank binary segmentation, then pruning of every candidate against its neighbouring
 * segments with a permutation test widened for autocorrelation, then a scan of every segment for a
 * break in the trend of its ranks) and its sources are described in
 * {@code docs/changepoints.md} and in the package documentation. It runs with fixed default
 * parameters; nothing is tuned per series. It is thread-safe and deterministic: the permutations
 * are seeded by the stretch they test.
 *
 * <p>Cost: O(n log n) time and O(n) memory for n observations; on the 2-core benchmark machine a
 * 10,000-point series takes 13-30 ms (depending on load) and a million points about 0.4 s in
 * under 64 MiB of heap ({@code docs/benchmarks.md}).
 */
public final class ChangePointDetector {
    private static final ChangePointDetector DEFAULT = new ChangePointDetector(Params.DEFAULTS);

    private final Params params;
    private final Segmenter segmenter;

    ChangePointDetector(Params params) {
        this.params = Objects.requireNonNull(params, "params");
        this.segmenter = new Segmenter(params);
    }

    /** The detector with perfguard's fixed default parameters. */
    public static ChangePointDetector defaults() {
        return DEFAULT;
    }

    Params params() {
        return params;
    }

    /**
     * Change points of {@code series}, in ascending index order.
     *
     * @param series the values in order (builds or reporting windows); {@code NaN} marks a missing
     *     value, which is skipped (it neither starts nor ends a segment); infinities are rejected
     * @param direction which way the metric gets better, to label each change
     * @param minEffect smallest relative change of the median worth reporting, e.g. {@code 0.05}
     *     for 5 %; {@code 0} reports every significant change. Changes smaller than this are
     *     merged away before the neighbouring change points are tested, so they do not split the
     *     levels reported
     * @return the change points, empty when the series holds none (or fewer than 10 values)
     * @throws IllegalArgumentException on an infinite value or a negative or NaN {@code minEffect}
     */
    public List<ChangePoint> detect(double[] series, Direction direction, double minEffect) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(direction, "direction");
        if (!(minEffect >= 0)) {
            throw new IllegalArgumentException("minEffect must be a number >= 0, was " + minEffect);
        }
        Dense dense = Dense.of(series);
        Segmenter.Cut[] cuts = segmenter.segment(dense.values(), 0, dense.size(), minEffect);
        return describe(dense, cuts, 0, cuts.length, direction);
    }

    /** Starts an incremental detector over a series that grows one observation at a time. */
    public ChangePointTracker tracker(Direction direction, double minEffect) {
        return new ChangePointTracker(this, direction, minEffect);
    }

    Segmenter segmenter() {
        return segmenter;
    }

    /** Builds the records for {@code cuts[from, to)}, with levels taken between neighbouring cuts. */
    static List<ChangePoint> describe(Dense dense, Segmenter.Cut[] cuts, int from, int to, Direction direction) {
        List<ChangePoint> out = new ArrayList<>(to - from);
        double[] v = dense.values();
        for (int i = from; i < to; i++) {
            int left = i == 0 ? 0 : cuts[i - 1].at();
            int at = cuts[i].at();
            int right = i + 1 < cuts.length ? cuts[i + 1].at() : dense.size();
            out.add(describe(dense.originalIndex(at), Levels.of(v, left, at), Levels.of(v, at, right),
                    cuts[i].pValue(), direction));
        }
        return out;
    }

    static ChangePoint describe(int index, Level before, Level after, double pValue, Direction direction) {
        double delta = after.median() - before.median();
        if (delta == 0) {
            delta = after.mean() - before.mean();
        }
        boolean worse = direction == Direction.LOWER_IS_BETTER ? delta > 0 : delta < 0;
        return new ChangePoint(index, before, after, Levels.relativeChange(before.median(), after.median()),
                pValue, worse ? ChangePoint.Kind.REGRESSION : ChangePoint.Kind.IMPROVEMENT);
    }
}
