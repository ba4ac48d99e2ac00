package dev.perfguard.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perfguard.core.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StudentTTest {
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

    record Point(double t, int df) {}

    /**
     * 500 drawn cases with t in [-50, 50] and df in [1, 500]; the edges are every combination of
     * t in {-50, -1, -0.01, 0, 1, 50} (-0.01 steps across zero) and the edges of df.
     */
    static Stream<Arguments> points() {
        List<Point> edges = new ArrayList<>();
        for (double t : List.of(-50.0, -1.0, -0.01, 0.0, 1.0, 50.0)) {
            for (int df : Generated.edges(1, 500)) {
                edges.add(new Point(t, df));
            }
        }
        return Generated.cases(20_261_204L, 500, edges, g -> new Point(g.doubles(-50, 50), g.ints(1, 500)));
    }

    @ParameterizedTest
    @MethodSource("points")
    void cdfIsMonotone(Point p) {
        assertThat(StudentT.cdf(p.t(), p.df())).isBetween(0.0, 1.0);
        assertThat(StudentT.cdf(p.t() + 0.01, p.df())).isGreaterThanOrEqualTo(StudentT.cdf(p.t(), p.df()) - 1e-15);
    }
}
