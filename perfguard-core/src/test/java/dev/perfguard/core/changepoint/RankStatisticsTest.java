package dev.perfguard.core.changepoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.stats.Normal;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RankStatisticsTest {

    @Test
    void tiedValuesShareTheirMidRank() {
        double[] s = RankStatistics.centeredRanks(new double[] {5, 1, 5, 3, 9}, 0, 5);
        // ranks 3.5, 1, 3.5, 2, 5 around the center 3
        assertThat(s).containsExactly(0.5, -2, 0.5, -1, 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 3000})
    void theAsymptoticTailIsConservativeAgainstPermutationsInTheRangeThatMatters(int m) {
        int b = 2000;
        double[] max = PermutationMaxima.of(m, b, s -> {
            double[] w = RankStatistics.weights(m, RankStatistics.sumOfSquares(s), 5);
            return RankStatistics.z(s, w, RankStatistics.argMax(s, w));
        });
        for (double level : new double[] {0.10, 0.05, 0.01}) {
            double quantile = max[(int) ((1 - level) * b)];
            assertThat(RankStatistics.supTail(quantile, m, 5)).as("tail at the permutation %s quantile", 1 - level)
                    .isBetween(level * 0.8, level * 2.5);
        }
    }

    @Test
    void aWeakStatisticIsNeverCalledSignificantByTheAsymptoticTail() {
        // The expansion's bracket turns negative for small z; it must then say "no evidence" (1),
        // not 0, which made weak candidates pass stage two with p = 2.2e-308.
        for (int m : new int[] {20, 100, 1000, 100_000}) {
            for (double z = 0.01; z < 2; z += 0.01) {
                assertThat(RankStatistics.supTail(z, m, 5)).as("m %d, z %.2f", m, z).isGreaterThan(0.04);
            }
        }
        double[] s = new double[100];
        for (int i = 0; i < s.length; i++) {
            s[i] = (i * 37 % 100) - 49.5; // a permutation of the centred ranks, no trend
        }
        double[] w = RankStatistics.weights(s.length, RankStatistics.sumOfSquares(s), 5);
        assertThat(RankStatistics.pValue(s, w, 5, 0.3, 1e-5, 999, 10, 1)).isGreaterThan(0.5);
    }

    @Test
    void kuipersRangeTestSeesABurstThatNoSingleSplitExplains() {
        double[] x = new double[200];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() + (i >= 90 && i < 120 ? 1.0 : 0);
        }
        double[] s = RankStatistics.centeredRanks(x, 0, x.length);
        int[] pair = RankStatistics.rangePair(s);
        // the walk's extremes bracket the burst; stage two of the detector places the edges exactly
        assertThat(pair[0]).isBetween(60, 95);
        assertThat(pair[1]).isBetween(115, 150);
        assertThat(RankStatistics.rangePValue(s, RankStatistics.sumOfSquares(s), pair[0], pair[1])).isLessThan(0.001);

        double[] flat = new double[200];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = r.nextDouble();
        }
        double[] f = RankStatistics.centeredRanks(flat, 0, flat.length);
        int[] p = RankStatistics.rangePair(f);
        assertThat(RankStatistics.rangePValue(f, RankStatistics.sumOfSquares(f), p[0], p[1])).isGreaterThan(0.01);
    }

    @Test
    void theNormalTailMatchesKnownValues() {
        assertThat(Normal.upperTail(0)).isCloseTo(0.5, Offset.offset(1e-7));
        assertThat(Normal.upperTail(1.959964)).isCloseTo(0.025, Offset.offset(1e-7));
        assertThat(Normal.upperTail(-1.644854)).isCloseTo(0.95, Offset.offset(1e-7));
        assertThat(Normal.upperTail(6) / 9.865876450377e-10).isCloseTo(1, Offset.offset(1e-6));
    }

    @Test
    void radixAndComparisonRankingAgreeWithTiesNegativesAndSignedZeros() {
        SplittableRandom r = new SplittableRandom(3);
        int m = RankStatistics.RADIX_FROM + 1234;
        double[] x = new double[m + 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (r.nextInt(4)) {
                case 0 -> Math.floor(r.nextDouble() * 50) - 25; // many ties, negatives
                case 1 -> r.nextBoolean() ? 0.0 : -0.0;
                case 2 -> -1e300 * r.nextDouble();
                default -> r.nextDouble() * 1e-300;
            };
        }
        assertThat(RankStatistics.radixRanks(x, 7, 7 + m)).containsExactly(RankStatistics.comparisonRanks(x, 7, 7 + m));
        assertThat(RankStatistics.radixRanks(x, 3, 103)).containsExactly(RankStatistics.comparisonRanks(x, 3, 103));
    }
}
