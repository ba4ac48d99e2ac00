package dev.perfguard.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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

    /** Under the null hypothesis the p-value is (super-)uniform: P(p ≤ 0.05) ≤ 0.05 plus sampling error. */
    @Property(tries = 20)
    void validUnderTheNull(@ForAll @IntRange(min = 3, max = 12) int n, @ForAll @IntRange(min = 1, max = 1000) int seed) {
        Random rnd = new Random(seed);
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

    @Property(tries = 50)
    void shiftingYUpNeverRaisesThePValue(@ForAll @IntRange(min = 1, max = 1000) int seed) {
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
