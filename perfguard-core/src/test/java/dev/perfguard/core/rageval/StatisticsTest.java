package dev.perfguard.core.rageval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perfguard.core.stats.StudentT;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void studentTMatchesClosedFormsAndTables() {
        // df = 1 is the Cauchy distribution: P(|T| >= t) = 1 - 2 atan(t) / pi
        for (double t : new double[] {0.1, 1, 3, 25}) {
            assertThat(StudentT.twoSidedP(t, 1)).isCloseTo(1 - 2 * Math.atan(t) / Math.PI, within(1e-12));
        }
        // df = 2: P(|T| >= t) = 1 - t / sqrt(2 + t^2)
        for (double t : new double[] {0.5, 2, 7}) {
            assertThat(StudentT.twoSidedP(t, 2)).isCloseTo(1 - t / Math.sqrt(2 + t * t), within(1e-12));
        }
        // critical values from standard t tables (two-sided 5 %)
        assertThat(StudentT.twoSidedP(2.228, 10)).isCloseTo(0.05, within(2e-4));
        assertThat(StudentT.twoSidedP(1.96, 1e7)).isCloseTo(0.05, within(1e-4));
        assertThat(StudentT.twoSidedP(0, 5)).isEqualTo(1.0);
        assertThat(StudentT.cdf(-1, 1)).isCloseTo(0.25, within(1e-12));
    }

    @Property
    void cdfIsMonotone(@ForAll @DoubleRange(min = -50, max = 50) double t, @ForAll @IntRange(min = 1, max = 500) int df) {
        assertThat(StudentT.cdf(t, df)).isBetween(0.0, 1.0);
        assertThat(StudentT.cdf(t + 0.01, df)).isGreaterThanOrEqualTo(StudentT.cdf(t, df) - 1e-15);
    }

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

    @Property(tries = 50)
    void testsAreSymmetricAndAgreeRoughly(@ForAll("seeds") long seed) {
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

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }
}
