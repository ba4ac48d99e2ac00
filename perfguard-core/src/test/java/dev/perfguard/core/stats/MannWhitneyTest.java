package dev.perfguard.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perfguard.core.Generated;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MannWhitneyTest {
    @Test
    void fullySeparatedFiveAgainstFiveIsOneIn252() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {6, 7, 8, 9, 10};
        assertThat(MannWhitney.pGreater(x, y)).isCloseTo(1.0 / 252, within(1e-12));
        assertThat(MannWhitney.pLess(y, x)).isCloseTo(1.0 / 252, within(1e-12));
        assertThat(MannWhitney.pGreater(y, x)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void tiesUseMidRanksAndStayExact() {
        // seven zeros and three equal values: the three large ones all in y has probability C(7,2)/C(10,5)
        double[] x = {0, 0, 0, 0, 0};
        double[] y = {0, 0, 0.185, 0.185, 0.185};
        assertThat(MannWhitney.pGreater(x, y)).isCloseTo(21.0 / 252, within(1e-12));
    }

    @Test
    void identicalSamplesGiveOne() {
        assertThat(MannWhitney.pGreater(new double[] {3, 3, 3}, new double[] {3, 3, 3})).isEqualTo(1.0);
    }

    @Test
    void emptySideGivesOne() {
        assertThat(MannWhitney.pGreater(new double[0], new double[] {1, 2})).isEqualTo(1.0);
    }

    @Test
    void smallestAttainableForThreeAgainstThreeIsOneTwentieth() {
        assertThat(MannWhitney.pGreater(new double[] {1, 2, 3}, new double[] {4, 5, 6})).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void normalApproximationAgreesWithExactNearTheLimit() {
        Random rnd = new Random(7);
        double[] x = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = rnd.nextGaussian() + 0.4;
        }
        double exact = MannWhitney.pGreater(x, y);
        double[] x2 = Arrays.copyOf(x, 41);
        x2[40] = x[0] + 1e-9; // one more value pushes the pooled size past the exact limit
        double approx = MannWhitney.pGreater(x2, y);
        assertThat(approx).isCloseTo(exact, within(0.02));
    }

    record NullCase(int n, int seed) {}

    /** Each case runs 400 exact tests: 20 drawn cases and the four corners of n in [3, 12], seed in [1, 1000]. */
    static Stream<Arguments> nullCases() {
        List<NullCase> corners = List.of(new NullCase(3, 1), new NullCase(3, 1000), new NullCase(12, 1), new NullCase(12, 1000));
        return Generated.cases(20_261_201L, 20, corners, g -> new NullCase(g.ints(3, 12), g.ints(1, 1000)));
    }

    /** Under the null hypothesis the p-value is (super-)uniform: P(p ≤ 0.05) ≤ 0.05 plus sampling error. */
    @ParameterizedTest
    @MethodSource("nullCases")
    void validUnderTheNull(NullCase c) {
        int n = c.n();
        Random rnd = new Random(c.seed());
        int rejections = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.round(rnd.nextGaussian() * 3); // discrete: many ties
                y[i] = Math.round(rnd.nextGaussian() * 3);
            }
            if (MannWhitney.pGreater(x, y) <= 0.05) {
                rejections++;
            }
        }
        assertThat(rejections / (double) trials).isLessThan(0.05 + 3 * Math.sqrt(0.05 * 0.95 / trials));
    }

    /** 200 drawn seeds in [1, 1000] and both bounds. */
    static Stream<Arguments> shiftSeeds() {
        return Generated.cases(20_261_202L, 200, List.of(1, 1000), g -> g.ints(1, 1000));
    }

    @ParameterizedTest
    @MethodSource("shiftSeeds")
    void shiftingYUpNeverRaisesThePValue(int seed) {
        Random rnd = new Random(seed);
        double[] x = new double[6];
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = rnd.nextGaussian();
        }
        double before = MannWhitney.pGreater(x, y);
        double[] shifted = Arrays.stream(y).map(v -> v + 1).toArray();
        assertThat(MannWhitney.pGreater(x, shifted)).isLessThanOrEqualTo(before + 1e-12);
    }
}
