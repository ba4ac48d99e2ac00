package dev.perfguard.core.changepoint;

import dev.perfguard.core.Direction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ChangePointTrackerTest {

    @Property(tries = 40, seed = "31")
    void appendingOneAtATimeFindsWhatTheBatchDetectorFinds(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 40, max = 120) int first,
            @ForAll @IntRange(min = 30, max = 120) int gap) {
        int second = first + gap;
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

    @Property(tries = 20, seed = "5")
    void aStepAppearsOnceEnoughObservationsFollowIt(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
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
