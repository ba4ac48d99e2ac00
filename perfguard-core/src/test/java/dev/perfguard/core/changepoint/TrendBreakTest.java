package dev.perfguard.core.changepoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.Direction;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrendBreakTest {

    private static final Params LEVEL_ONLY = new Params(5, 0.05, 0.001, 999, 10, 0.75, true, true, true, false);

    private static List<Integer> detect(double[] x) {
        return ChangePointDetector.defaults().detect(x, Direction.LOWER_IS_BETTER, 0).stream()
                .map(ChangePoint::index).toList();
    }

    private static List<Integer> detectLevelOnly(double[] x) {
        return new ChangePointDetector(LEVEL_ONLY).detect(x, Direction.LOWER_IS_BETTER, 0).stream()
                .map(ChangePoint::index).toList();
    }

    /** The O(m) running-sum scan against ordinary least squares fitted from scratch at every split. */
    @Test
    void theRunningSumScanEqualsLeastSquaresFittedAtEverySplit() {
        SplittableRandom r = new SplittableRandom(3);
        double[] y = new double[60];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.3 * i + (i >= 35 ? -8 + 0.2 * (i - 35) : 0) + 3 * Noise.gaussian(r);
        }
        double rss0 = naiveRss(y, 0, y.length);
        double best = -1;
        int arg = -1;
        for (int t = 5; t <= y.length - 5; t++) {
            double rss1 = naiveRss(y, 0, t) + naiveRss(y, t, y.length);
            double f = (rss0 - rss1) / 2 / (rss1 / (y.length - 4));
            if (f > best) {
                best = f;
                arg = t;
            }
        }
        TrendBreak.Scan scan = TrendBreak.supF(y, 5);
        assertThat(scan.at()).isEqualTo(arg);
        assertThat(scan.f()).isCloseTo(best, Percentage.withPercentage(1e-6));
        assertThat(TrendBreak.reaches(y, 5, best * 0.999)).isTrue();
        assertThat(TrendBreak.reaches(y, 5, best * 1.001)).isFalse();
    }

    private static double naiveRss(double[] y, int a, int b) {
        int n = b - a;
        double mx = 0;
        double my = 0;
        for (int i = a; i < b; i++) {
            mx += i;
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = a; i < b; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        double slope = sxy / sxx;
        double rss = 0;
        for (int i = a; i < b; i++) {
            double e = y[i] - my - slope * (i - mx);
            rss += e * e;
        }
        return rss;
    }

    @Test
    void addingALineChangesNothingWhichIsWhyResidualsCanBePermuted() {
        SplittableRandom r = new SplittableRandom(4);
        double[] y = new double[80];
        double[] tilted = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Noise.gaussian(r) + (i > 50 ? 2 : 0);
            tilted[i] = y[i] + 5 - 0.7 * i;
        }
        TrendBreak.Scan a = TrendBreak.supF(y, 5);
        TrendBreak.Scan b = TrendBreak.supF(tilted, 5);
        assertThat(b.at()).isEqualTo(a.at());
        assertThat(b.f()).isCloseTo(a.f(), Percentage.withPercentage(1e-6));
        assertThat(TrendBreak.supF(TrendBreak.lineResiduals(tilted), 5).f())
                .isCloseTo(a.f(), Percentage.withPercentage(1e-6));
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 1000})
    void theLimitLawAgreesWithPermutationsFromAFewHundredValues(int m) {
        int b = 2000;
        double[] max = PermutationMaxima.of(m, b, s -> TrendBreak.supF(s, 5).f());
        for (double level : new double[] {0.10, 0.05, 0.01}) {
            double quantile = max[(int) ((1 - level) * b)];
            assertThat(TrendBreak.supTail(quantile, m, 5)).as("tail at the permutation %s quantile", 1 - level)
                    .isBetween(level * 0.6, level * 1.5);
        }
    }

    @Test
    void theLimitLawSaysNothingForSmallStatistics() {
        for (int m : new int[] {20, 100, 1000, 100_000}) {
            for (double f = 0.01; f < 2; f += 0.01) {
                assertThat(TrendBreak.supTail(f, m, 5)).as("m %d, F %.2f", m, f).isGreaterThan(0.3);
            }
        }
    }

    @Test
    void aMonotoneStretchHasNoBreakHoweverCurved() {
        // Ranks of a strictly monotone stretch are a straight line: exponential growth, a logistic
        // curve and a square root are trends, not changes.
        double[] exp = new double[400];
        double[] logistic = new double[400];
        double[] root = new double[400];
        for (int i = 0; i < 400; i++) {
            exp[i] = Math.exp(i / 40.0);
            logistic[i] = 1 / (1 + Math.exp(-(i - 200) / 15.0));
            root[i] = -Math.sqrt(i);
        }
        for (double[] x : new double[][] {exp, logistic, root}) {
            assertThat(TrendBreak.scan(x, 0, x.length, 5, 0.75, 0.0005, 1999, 10, 1)).isNull();
            assertThat(detect(x)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Noise.class, names = {"GAUSSIAN", "HEAVY_TAILED"})
    void aRiseThatTurnsIntoAFallIsCutAtTheTurn(Noise noise) {
        // A smooth rise and fall with autocorrelated noise: the two-level fit leaves residual ranks so
        // autocorrelated that the level test's AR(1) correction absorbs the turn; the trend test
        // sees that one line cannot fit both sides. (With the bimodal noise filtered the same way the
        // turn is placed 15 points late, and with filtered 20x outliers it is not found.)
        SplittableRandom r = new SplittableRandom(noise.ordinal() + 11);
        double[] x = new double[240];
        double ar = 0;
        for (int i = 0; i < x.length; i++) {
            ar = 0.5 * ar + noise.next(r);
            x[i] = (i < 150 ? i / 15.0 : 10 - (i - 150) / 9.0) + ar;
        }
        assertThat(detectLevelOnly(x)).isEmpty();
        assertThat(detect(x)).singleElement().satisfies(cp -> assertThat(cp).isBetween(140, 160));
    }

    @Test
    void aDropInsideATrendIsFoundWhereTheLevelTestAloneFindsNothing() {
        // A drift up, a sudden fall at 120 and a drift up again, the shape of a currency crash or a
        // lost customer inside growth.
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[240];
        double ar = 0;
        for (int i = 0; i < x.length; i++) {
            ar = 0.6 * ar + Noise.gaussian(r);
            x[i] = 0.08 * i - (i >= 120 ? 12 : 0) + ar;
        }
        assertThat(detectLevelOnly(x)).isEmpty();
        assertThat(detect(x)).anySatisfy(cp -> assertThat(cp).isBetween(115, 125));
    }

    @ParameterizedTest
    @EnumSource(Noise.class)
    void independentNoiseWithoutChangeGetsNoTrendBreak(Noise noise) {
        SplittableRandom r = new SplittableRandom(100 + noise.ordinal());
        for (int k = 0; k < 40; k++) {
            double[] x = new double[100 + r.nextInt(500)];
            for (int i = 0; i < x.length; i++) {
                x[i] = noise.next(r);
            }
            TrendBreak.Result res = TrendBreak.scan(x, 0, x.length, 5, 0.75, 0.0005, 1999, 10, k);
            assertThat(res.pValue()).as("series %d", k).isGreaterThan(0.0005);
        }
    }
}
