package dev.perfguard.bench.changepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The TCPDBench rules, checked on cases worked out by hand. */
class TcpdScoreTest {

    private static TreeSet<Integer> set(Integer... xs) {
        return new TreeSet<>(List.of(xs));
    }

    @Test
    void f1AddsIndexZeroAndAveragesRecallOverAnnotators() {
        // X' = {0, 12}; T* = {0, 3, 12}: both detections match, P = 1.
        // Recall: {0} -> 1/1, {0, 3, 12} -> 2/3; R = 5/6; F1 = 2 * 5/6 / (1 + 5/6) = 10/11.
        assertThat(TcpdScore.f1(List.of(set(), set(3, 12)), set(12))).isCloseTo(10.0 / 11, within(1e-12));
    }

    @Test
    void eachDetectionMatchesOneTruthWithinTheMargin() {
        assertThat(TcpdScore.truePositives(set(10, 12), set(11))).isEqualTo(1);
        assertThat(TcpdScore.truePositives(set(10, 12), set(11, 13))).isEqualTo(2);
        assertThat(TcpdScore.truePositives(set(10), set(16))).isZero(); // 6 > margin 5
        assertThat(TcpdScore.truePositives(set(10), set(15))).isEqualTo(1);
    }

    @Test
    void coverIsTheAnnotatorAverageOfWeightedBestJaccard() {
        // n = 15, detected [0,12) [12,15). Annotator 1 [0,15): 0.8. Annotator 2 [0,3) [3,12) [12,15):
        // (3 * 3/12 + 9 * 9/12 + 3 * 1) / 15 = 0.7. Average 0.75.
        assertThat(TcpdScore.cover(List.of(set(), set(3, 12)), set(12), 15)).isCloseTo(0.75, within(1e-12));
        assertThat(TcpdScore.cover(List.of(set(5)), set(5), 15)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void cleaningDropsDuplicatesAndTheEnds() {
        assertThat(TcpdScore.clean(List.of(0, 1, 1, 7, 13, 14), 15)).containsExactly(1, 7, 13);
    }
}
