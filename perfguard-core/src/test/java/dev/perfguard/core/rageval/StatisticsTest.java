package dev.perfguard.core.rageval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perfguard.core.Generated;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatisticsTest {
    @Test
    void pairedTestsOnNoChangeAndOnAClearShift() {
        double[] zero = new double[50];
        assertThat(PairedTests.tTestP(zero)).isEqualTo(1.0);
        assertThat(PairedTests.randomizationP(zero, 1000, 1)).isEqualTo(1.0);
        SplittableRandom r = new SplittableRandom(3);
        double[] shift = new double[200];
        for (int i = 0; i < shift.length; i++) {
            shift[i] = 0.05 + 0.1 * (r.nextDouble() - 0.5);
        }
        assertThat(PairedTests.tTestP(shift)).isLessThan(1e-6);
        assertThat(PairedTests.randomizationP(shift, 10_000, 1)).isEqualTo(1.0 / 10_001);
        assertThat(PairedTests.tTestP(new double[] {0.1})).isNaN();
    }

    /** Under the null (symmetric noise) neither test finds significance more often than its level. */
    @Test
    void falsePositiveRateStaysNearTheLevel() {
        SplittableRandom r = new SplittableRandom(11);
        int tHits = 0;
        int randHits = 0;
        int trials = 200;
        for (int k = 0; k < trials; k++) {
            double[] d = new double[40];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextDouble() - 0.5;
            }
            tHits += PairedTests.tTestP(d) < 0.05 ? 1 : 0;
            randHits += PairedTests.randomizationP(d, 2000, k) < 0.05 ? 1 : 0;
        }
        assertThat(tHits).isLessThan(25);
        assertThat(randHits).isLessThan(25);
    }

    /** 50 drawn seeds (any long) and the edges of the long range: its bounds, their neighbours, -1, 0 and 1. */
    static Stream<Arguments> seeds() {
        return Generated.cases(20_261_205L, 50, Generated.edges(Long.MIN_VALUE, Long.MAX_VALUE), g -> g.anyLong());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void testsAreSymmetricAndAgreeRoughly(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[30];
        double[] neg = new double[30];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() - 0.4;
            neg[i] = -d[i];
        }
        assertThat(PairedTests.tTestP(neg)).isCloseTo(PairedTests.tTestP(d), within(1e-12));
        assertThat(PairedTests.randomizationP(neg, 4000, 5)).isEqualTo(PairedTests.randomizationP(d, 4000, 5));
        assertThat(PairedTests.randomizationP(d, 4000, 5)).isCloseTo(PairedTests.tTestP(d), within(0.05));
    }
}
