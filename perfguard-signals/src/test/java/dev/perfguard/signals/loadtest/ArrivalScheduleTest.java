package dev.perfguard.signals.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
    private static List<Long> all(ArrivalSchedule s) {
        List<Long> out = new ArrayList<>();
        long t;
        while ((t = s.nextOffsetNanos()) >= 0) {
            out.add(t);
        }
        return out;
    }

    @Test
    void constantRateStartsIterationKAtKOverRate() {
        List<Long> starts = all(new ArrivalSchedule(List.of(new Stage.ConstantArrivalRate(500, Duration.ofSeconds(20), 10))));
        assertThat(starts).hasSize(10_000);
        assertThat(starts.get(0)).isZero();
        assertThat(starts.get(1)).isEqualTo(2_000_000);
        assertThat(starts.get(9_999)).isEqualTo(19_998_000_000L);
    }

    @Test
    void aLinearRampIssuesTheAreaUnderTheRateAndSpeedsUp() {
        // 0 -> 100/s over 10 s: 500 iterations; then 100/s held for 5 s: 500 more
        ArrivalSchedule s = new ArrivalSchedule(List.of(new Stage.RampingArrivalRate(0,
                List.of(new Stage.Ramp(100, Duration.ofSeconds(10)), new Stage.Ramp(100, Duration.ofSeconds(5))), 10)));
        assertThat(s.planned()).isEqualTo(1000);
        List<Long> starts = all(s);
        assertThat(starts).hasSize(1000);
        // count(t) = 5 t^2 on the ramp: iteration 125 at t = 5 s
        assertThat(starts.get(125) / 1e9).isCloseTo(5.0, within(1e-6));
        assertThat(starts.get(500) / 1e9).isCloseTo(10.0, within(1e-6));
        assertThat(starts.get(999) / 1e9).isCloseTo(14.99, within(1e-6));
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i)).isGreaterThan(starts.get(i - 1));
        }
    }

    @Test
    void aRampDownSlowsDown() {
        List<Long> starts = all(new ArrivalSchedule(List.of(new Stage.RampingArrivalRate(100,
                List.of(new Stage.Ramp(0, Duration.ofSeconds(2))), 10))));
        assertThat(starts).hasSize(100);
        long firstGap = starts.get(1) - starts.get(0);
        long lastGap = starts.get(99) - starts.get(98);
        assertThat(lastGap).isGreaterThan(5 * firstGap);
    }
}
