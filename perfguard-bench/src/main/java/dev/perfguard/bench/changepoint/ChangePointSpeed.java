package dev.perfguard.bench.changepoint;

import dev.perfguard.core.Direction;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointDetector;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmark of the change-point detector's speed on a series of {@link #n} points
 * ({@link TimingSeries}, three changes), next to two references on the same series: {@link #sort}, a copy
 * sorted by {@code Arrays.sort} (the O(n log n) floor every rank method pays), and {@link #naive}, Pettitt's
 * O(n^2) pairwise computation of the rank split statistic (one split, no test). Mean time per call in ms,
 * one thread.
 *
 * <p>Settings: one fork, 5 warm-up and 5 measured iterations of 1 s. At 10,000 points the slowest body
 * (the naive reference, ~0.2 s) still runs five times an iteration and the detector some forty times;
 * the detector's time settles within two or three warm-up seconds, and five leave room for a busy
 * machine. One fork keeps {@code scripts/bench-changepoints} within a few minutes. {@link ChangePointBench}
 * runs the million points with fewer calls: 4 warm-up and 5 measured iterations of 2 s (a detector call
 * takes about a second when cold, so one or two calls an iteration; after 2 warm-up iterations it was
 * still getting faster, 1.4 s to 0.85 s, and with 3 measured ones JMH's 99.9 % interval came out wider
 * than the mean), and leaves out the naive reference there (about 20 minutes a call). JMH needs the class, its state fields and methods public.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChangePointSpeed {
    static final ChangePointDetector DETECTOR = ChangePointDetector.defaults();

    @Param({"1000", "10000", "1000000"})
    public int n;

    private double[] x;

    @Setup
    public void series() {
        x = TimingSeries.of(n, 17);
    }

    @Benchmark
    public List<ChangePoint> detector() {
        return DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0);
    }

    @Benchmark
    public double[] sort() {
        double[] c = x.clone();
        Arrays.sort(c);
        return c;
    }

    @Benchmark
    public int naive() {
        return naiveOneSplit(x);
    }

    /**
     * Pettitt's (1979) statistic computed as he gives it: {@code U_t = U_{t-1} + Σ_j sgn(x_t - x_j)},
     * comparing every pair, O(n^2); returns the split with the largest standardised {@code |U_t|}.
     */
    static int naiveOneSplit(double[] x) {
        int n = x.length;
        long u = 0;
        double best = -1;
        int arg = -1;
        for (int t = 0; t < n - 1; t++) {
            long v = 0;
            for (int j = 0; j < n; j++) {
                v += Double.compare(x[t], x[j]);
            }
            u += v;
            double z = Math.abs(u) / Math.sqrt((double) (t + 1) * (n - t - 1));
            if (z > best) {
                best = z;
                arg = t + 1;
            }
        }
        return arg;
    }
}
