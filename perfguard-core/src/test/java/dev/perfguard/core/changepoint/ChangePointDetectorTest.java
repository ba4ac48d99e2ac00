package dev.perfguard.core.changepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Direction;
import dev.perfguard.core.Generated;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChangePointDetectorTest {
    private static final ChangePointDetector DETECTOR = ChangePointDetector.defaults();
    private static final int MARGIN = 5;

    record Step(long seed, Noise noise, int n, int at, double size) {}

    /** A step of {@code size} (its sign from the seed's parity) at {@code frac} of the series. */
    static Step step(long seed, Noise noise, int n, double frac, double size) {
        return new Step(seed, noise, n, (int) (n * frac), (seed & 1) == 0 ? size : -size);
    }

    /**
     * Steps with n in [80, 600], the step at a fraction in [0.25, 0.75] of the series and of size 6 to
     * 12 noise units, up or down. The edges are every combination of the bounds of n, fraction and
     * size for each noise, up (seed 0) and down (seed Long.MAX_VALUE).
     */
    static Stream<Arguments> steps(long baseSeed, int count) {
        List<Step> edges = new ArrayList<>();
        for (Noise noise : Noise.values()) {
            for (int n : List.of(80, 600)) {
                for (double frac : List.of(0.25, 0.75)) {
                    for (double size : List.of(6.0, 12.0)) {
                        for (long seed : List.of(0L, Long.MAX_VALUE)) {
                            edges.add(step(seed, noise, n, frac, size));
                        }
                    }
                }
            }
        }
        return Generated.cases(baseSeed, count, edges, g -> step(g.anyLong(), g.oneOf(List.of(Noise.values())),
                g.ints(80, 600), g.doubles(0.25, 0.75), g.doubles(6, 12)));
    }

    static Stream<Arguments> clearSteps() {
        return steps(20261127, 300);
    }

    private static List<ChangePoint> detect(Step s) {
        double[] x = s.noise().series(s.seed(), s.n(), 100, new int[] {s.at()}, new double[] {s.size()});
        return DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0);
    }

    /** Where the step is found is the next test's business (within the margin for nearly all steps). */
    @ParameterizedTest
    @MethodSource("clearSteps")
    void aClearStepIsFoundWithTheRightLabel(Step s) {
        List<ChangePoint> found = detect(s);

        assertThat(found).as("%s", s).isNotEmpty();
        ChangePoint nearest = found.stream().min(Comparator.comparingInt(cp -> Math.abs(cp.index() - s.at()))).orElseThrow();
        assertThat(nearest.kind()).as("%s", s).isEqualTo(s.size() > 0 ? ChangePoint.Kind.REGRESSION : ChangePoint.Kind.IMPROVEMENT);
        assertThat(nearest.pValue()).as("%s", s).isLessThanOrEqualTo(0.001);
    }

    /**
     * A clear step gives one change point, but rarely a second, spurious one beside it: each test runs at
     * the 0.001 level and a series of a few hundred points is tested a few times. Measured over 3,000 other
     * drawn steps: 7 (0.23 %). Over these 364 cases exactly one does (the drawn step with seed
     * 4076969817006175710: a false change at index 30, p = 5e-4); more than 1 % fails the test.
     */
    @Test
    void aClearStepRarelyGivesMoreThanOneChangePoint() {
        List<Step> cases = clearSteps().map(a -> (Step) a.get()[0]).toList();
        List<String> more = new ArrayList<>();
        for (Step s : cases) {
            List<ChangePoint> found = detect(s);
            if (found.size() != 1) {
                more.add(s + " at " + found.stream().map(ChangePoint::index).toList());
            }
        }
        assertThat(more).as("clear steps without exactly one change point, of %d", cases.size())
                .hasSizeLessThanOrEqualTo((int) Math.ceil(cases.size() * 0.01));
    }

    @ParameterizedTest
    @EnumSource(Noise.class)
    void clearStepsAreLocatedWithinTheMargin(Noise noise) {
        SplittableRandom seeds = new SplittableRandom(101 + noise.ordinal());
        int within = 0;
        int exact = 0;
        int trials = 300;
        for (int trial = 0; trial < trials; trial++) {
            int n = 80 + seeds.nextInt(500);
            int at = n / 4 + seeds.nextInt(n / 2);
            double size = (6 + 6 * seeds.nextDouble()) * (seeds.nextBoolean() ? 1 : -1);
            double[] x = noise.series(seeds.nextLong(), n, 100, new int[] {at}, new double[] {size});
            List<ChangePoint> found = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0);
            if (found.size() == 1 && Math.abs(found.get(0).index() - at) <= MARGIN) {
                within++;
            }
            if (found.size() == 1 && found.get(0).index() == at) {
                exact++;
            }
        }
        // Noise can make a few steps ambiguous by a handful of points; nearly all must be within
        // the TCPD margin and most exactly on the first new observation.
        assertThat(within).as("steps located within %d points, out of %d", MARGIN, trials).isGreaterThanOrEqualTo(trials * 97 / 100);
        assertThat(exact).as("steps located exactly, out of %d", trials).isGreaterThanOrEqualTo(trials / 2);
    }

    @ParameterizedTest
    @EnumSource(Noise.class)
    void seriesWithoutChangeYieldNone(Noise noise) {
        SplittableRandom seeds = new SplittableRandom(7 + noise.ordinal());
        int withChange = 0;
        for (int trial = 0; trial < 200; trial++) {
            int n = 20 + seeds.nextInt(2000);
            double[] x = noise.series(seeds.nextLong(), n, 1000, new int[0], new double[0]);
            if (!DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0).isEmpty()) {
                withChange++;
            }
        }
        // 200 series at a 0.001 level per test: at most a couple of false alarms by chance.
        assertThat(withChange).as("series with a false change point out of 200").isLessThanOrEqualTo(2);
    }

    record Quiet(long seed, int n) {}

    /**
     * 400 drawn cases (about 1 ms each); the edges are every combination of the edges of the seed in
     * [0, 10^6] and of n in [10, 400]. With 100 a pruning level ten times too liberal went unnoticed.
     */
    static Stream<Arguments> quietSeries() {
        List<Quiet> edges = new ArrayList<>();
        for (long seed : Generated.edges(0L, 1_000_000L)) {
            for (int n : Generated.edges(10, 400)) {
                edges.add(new Quiet(seed, n));
            }
        }
        return Generated.cases(4242, 400, edges, g -> new Quiet(g.longs(0, 1_000_000), g.ints(10, 400)));
    }

    @ParameterizedTest
    @MethodSource("quietSeries")
    void noChangeAtAllIsFoundOnTypicalNoChangeSeries(Quiet c) {
        double[] x = Noise.GAUSSIAN.series(c.seed(), c.n(), 50, new int[0], new double[0]);
        assertThat(DETECTOR.detect(x, Direction.HIGHER_IS_BETTER, 0)).isEmpty();
    }

    static Stream<Arguments> orderSteps() {
        return steps(99, 100);
    }

    @ParameterizedTest
    @MethodSource("orderSteps")
    void resultsDependOnlyOnTheOrderOfValues(Step s) {
        double[] x = s.noise().series(s.seed(), s.n(), 100, new int[] {s.at()}, new double[] {s.size()});
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(x[i] / 50); // strictly increasing
        }
        List<Integer> a = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0).stream().map(ChangePoint::index).toList();
        List<Integer> b = DETECTOR.detect(y, Direction.LOWER_IS_BETTER, 0).stream().map(ChangePoint::index).toList();
        assertThat(b).isEqualTo(a);
    }

    static Stream<Arguments> gappySteps() {
        return steps(7, 100);
    }

    @ParameterizedTest
    @MethodSource("gappySteps")
    void missingValuesAreSkippedAndIndicesPointAtInputPositions(Step s) {
        double[] x = s.noise().series(s.seed(), s.n(), 100, new int[] {s.at()}, new double[] {s.size()});
        SplittableRandom r = new SplittableRandom(s.seed());
        double[] gappy = new double[x.length * 2];
        int[] where = new int[x.length];
        int o = 0;
        for (int i = 0; i < x.length; i++) {
            while (r.nextDouble() < 0.2) {
                gappy[o++] = Double.NaN;
            }
            where[i] = o;
            gappy[o++] = x[i];
        }
        double[] withGaps = Arrays.copyOf(gappy, o);

        List<Integer> dense = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0).stream().map(ChangePoint::index).toList();
        List<Integer> sparse = DETECTOR.detect(withGaps, Direction.LOWER_IS_BETTER, 0).stream().map(ChangePoint::index).toList();

        assertThat(sparse).isEqualTo(dense.stream().map(i -> where[i]).toList());
        for (int i : sparse) {
            assertThat(withGaps[i]).isNotNaN();
        }
    }

    @Test
    void aRegressionThatIsRevertedGivesTwoChangePointsWithOppositeLabels() {
        double[] x = Noise.OUTLIERS.series(11, 300, 2500, new int[] {120, 160}, new double[] {4, 0});

        List<ChangePoint> found = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0);

        assertThat(found).hasSize(2);
        assertThat(found.get(0).index()).isBetween(120 - MARGIN, 120 + MARGIN);
        assertThat(found.get(0).kind()).isEqualTo(ChangePoint.Kind.REGRESSION);
        assertThat(found.get(1).index()).isBetween(160 - MARGIN, 160 + MARGIN);
        assertThat(found.get(1).kind()).isEqualTo(ChangePoint.Kind.IMPROVEMENT);
        assertThat(found.get(0).after().count()).isEqualTo(found.get(1).index() - found.get(0).index());
    }

    @Test
    void levelsAndRelativeChangeDescribeTheSegments() {
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i < 30 ? 100 : 120) + (i % 5) - 2; // medians 100 and 120 exactly
        }

        List<ChangePoint> found = DETECTOR.detect(x, Direction.HIGHER_IS_BETTER, 0);

        assertThat(found).hasSize(1);
        ChangePoint cp = found.get(0);
        assertThat(cp.index()).isEqualTo(30);
        assertThat(cp.before()).isEqualTo(new Level(30, 100, 100));
        assertThat(cp.after()).isEqualTo(new Level(30, 120, 120));
        assertThat(cp.change()).isCloseTo(0.2, Offset.offset(1e-12));
        assertThat(cp.kind()).isEqualTo(ChangePoint.Kind.IMPROVEMENT);
        assertThat(cp.confidence()).isGreaterThan(0.99);
    }

    @Test
    void theMinimumEffectRemovesSmallChangesAndKeepsLargeOnes() {
        // +2 % at 100, then +30 % at 200 (relative to the first level), gaussian noise of 0.2 %.
        double[] x = Noise.GAUSSIAN.series(3, 300, 0, new int[] {100, 200}, new double[] {2, 30});
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 + (x[i] - (i >= 100 ? (i >= 200 ? 30 : 2) : 0)) * 0.2 + (i >= 100 ? (i >= 200 ? 30 : 2) : 0);
        }

        assertThat(DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0)).extracting(ChangePoint::index)
                .hasSize(2);
        List<ChangePoint> big = DETECTOR.detect(x, Direction.LOWER_IS_BETTER, 0.05);
        assertThat(big).extracting(ChangePoint::index).singleElement()
                .satisfies(i -> assertThat(i).isBetween(200 - MARGIN, 200 + MARGIN));
        assertThat(big.get(0).before().count()).isGreaterThan(150); // the small step was merged away
    }

    @Test
    void shortAndConstantSeriesHaveNoChangePoints() {
        assertThat(DETECTOR.detect(new double[0], Direction.LOWER_IS_BETTER, 0)).isEmpty();
        assertThat(DETECTOR.detect(new double[] {1, 2, 3, 100, 100, 100}, Direction.LOWER_IS_BETTER, 0)).isEmpty();
        assertThat(DETECTOR.detect(new double[500], Direction.LOWER_IS_BETTER, 0)).isEmpty();
        double[] nan = new double[50];
        Arrays.fill(nan, Double.NaN);
        assertThat(DETECTOR.detect(nan, Direction.LOWER_IS_BETTER, 0)).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedWithTheOffendingValue() {
        assertThatThrownBy(() -> DETECTOR.detect(new double[] {1, Double.POSITIVE_INFINITY}, Direction.LOWER_IS_BETTER, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series[1]");
        assertThatThrownBy(() -> DETECTOR.detect(new double[] {1}, Direction.LOWER_IS_BETTER, -0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
    }
}
