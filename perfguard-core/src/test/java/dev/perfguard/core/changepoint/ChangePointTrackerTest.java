package dev.perfguard.core.changepoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.Direction;
import dev.perfguard.core.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
     * The tracker finds what a batch run over the whole series finds: as many change points, each within 3
     * points and of the same kind. Not always: the tracker keeps a change point where it was found once a
     * later one appears, while the batch run, seeing the whole series, may move or drop it. Measured over
     * seeds 0..399 with the first step at 40, 80 or 120 and a gap of 30, 75 or 120: 27 of 3,600 series
     * disagree (0.75 %), mostly with the shortest gap. Over these 48 cases one does (the edge with seed
     * 1,000,000, first step 120, gap 30: the tracker places the first step at 113, the batch run at 120);
     * more than 2 % fails the test.
     */
    @Test
    void appendingOneAtATimeFindsWhatTheBatchDetectorFinds() {
        List<TwoSteps> cases = twoSteps().map(a -> (TwoSteps) a.get()[0]).toList();
        List<String> differ = new ArrayList<>();
        for (TwoSteps c : cases) {
            int second = c.first() + c.gap();
            int n = second + 60;
            double[] x = Noise.OUTLIERS.series(c.seed(), n, 300, new int[] {c.first(), second}, new double[] {6, -3});
            ChangePointTracker tracker = ChangePointDetector.defaults().tracker(Direction.LOWER_IS_BETTER, 0);
            for (double v : x) {
                tracker.append(v);
            }
            assertThat(tracker.size()).isEqualTo(n);
            List<ChangePoint> batch = ChangePointDetector.defaults().detect(x, Direction.LOWER_IS_BETTER, 0);
            List<ChangePoint> incremental = tracker.changePoints();
            if (!agree(batch, incremental)) {
                differ.add(c + ": batch " + describe(batch) + ", tracker " + describe(incremental));
            }
        }
        assertThat(differ).as("two-step series where tracker and batch run differ, of %d", cases.size())
                .hasSizeLessThanOrEqualTo((int) Math.ceil(cases.size() * 0.02));
    }

    private static boolean agree(List<ChangePoint> batch, List<ChangePoint> incremental) {
        if (incremental.size() != batch.size()) {
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (Math.abs(incremental.get(i).index() - batch.get(i).index()) > 3 || incremental.get(i).kind() != batch.get(i).kind()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> describe(List<ChangePoint> cps) {
        return cps.stream().map(cp -> cp.index() + " " + cp.kind()).toList();
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
