package dev.perfguard.bench.changepoint;

import dev.perfguard.core.Direction;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointTracker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmark of the incremental tracker at {@value #N} points ({@link TimingSeries}, four steps):
 * {@link #append}, one observation appended to a {@code ChangePointTracker} that holds the series before
 * it, against {@link #batch}, the detector run on the whole series (the reference). Mean time per
 * observation or per run in ms, one thread, one fork.
 *
 * <p>An append's cost depends on how long the series already is, and a tracker cannot be rewound, so
 * {@link #append} is timed in single shots of {@value #PER_SHOT} appends on one tracker built once to
 * {@code N - 300} points (building it runs the same code some 10,000 times, which warms it up too): 2
 * warm-up shots, then 4 measured ones, exactly the series' last 200 observations. {@link #batch} has 5
 * warm-up and 5 measured iterations of 1 s (some fifty runs each), as {@link ChangePointSpeed}. JMH needs the class, its state classes,
 * their fields and methods public.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class TrackerAppend {
    static final int N = 10_000;
    static final int PER_SHOT = 50;
    static final int WARMUP_SHOTS = 2;
    static final int SHOTS = 4;

    /** The series, the same for both benchmarks. */
    @State(Scope.Benchmark)
    public static class Series {
        double[] x;

        @Setup
        public void make() {
            x = TimingSeries.of(N, 23);
        }
    }

    /** A tracker holding all but the series' last {@code (WARMUP_SHOTS + SHOTS) * PER_SHOT} observations. */
    @State(Scope.Benchmark)
    public static class Tracker {
        ChangePointTracker tracker;
        int next;

        @Setup
        public void build(Series s) {
            tracker = ChangePointSpeed.DETECTOR.tracker(Direction.LOWER_IS_BETTER, 0);
            next = N - (WARMUP_SHOTS + SHOTS) * PER_SHOT;
            for (int i = 0; i < next; i++) {
                tracker.append(s.x[i]);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(PER_SHOT)
    @Warmup(iterations = WARMUP_SHOTS)
    @Measurement(iterations = SHOTS)
    public int append(Series s, Tracker t) {
        if (t.next + PER_SHOT > N) {
            throw new IllegalStateException("the series has no " + PER_SHOT + " observations left to append;"
                    + " run " + WARMUP_SHOTS + " warm-up and " + SHOTS + " measured single shots");
        }
        for (int i = 0; i < PER_SHOT; i++) {
            t.tracker.append(s.x[t.next++]);
        }
        return t.tracker.size();
    }

    @Benchmark
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    public List<ChangePoint> batch(Series s) {
        return ChangePointSpeed.DETECTOR.detect(s.x, Direction.LOWER_IS_BETTER, 0);
    }
}
