package dev.perfguard.core.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static final LoadTestSummary SUMMARY = new LoadTestSummary("k6", 10, 1000, 5, 1010, 10,
            Map.of("avg", 120.0, "med", 100.0, "p(95)", 290.0, "p(99.9)", 900.0), Map.of());

    @Test
    void parsesK6Syntax() {
        Threshold t = Threshold.parse("http_req_duration", " p( 95.0 ) <= 300 ");
        assertThat(t.aggregation()).isEqualTo("p(95)");
        assertThat(t.operator()).isEqualTo("<=");
        assertThat(t.value()).isEqualTo(300);
        assertThat(Threshold.parse("http_req_duration", "p(99.9)<1e3").aggregation()).isEqualTo("p(99.9)");
        assertThat(Threshold.parse("http_req_failed", "rate===0").operator()).isEqualTo("==");
        assertThat(Threshold.parseOption("dropped_iterations:count==0").metric()).isEqualTo("dropped_iterations");
    }

    @Test
    void refusesWhatK6WouldNot() {
        assertThatThrownBy(() -> Threshold.parse("http_req_duration", "p95<300")).hasMessageContaining("expected AGGREGATION OPERATOR VALUE");
        assertThatThrownBy(() -> Threshold.parse("http_req_duration", "p(100)<300")).hasMessageContaining("between 0 and 100");
        assertThatThrownBy(() -> Threshold.parse("http_req_failed", "avg<0.1")).hasMessageContaining("expected rate");
        assertThatThrownBy(() -> Threshold.parse("vus", "max<10")).hasMessageContaining("unknown metric 'vus'");
        assertThatThrownBy(() -> Threshold.parseOption("p(95)<300")).hasMessageContaining("expected METRIC:EXPRESSION");
    }

    @Test
    void judgesEachThresholdOnTheSummary() {
        List<ThresholdResult> r = ThresholdResult.evaluate(List.of(
                Threshold.parse("http_req_duration", "p(95)<300"),
                Threshold.parse("http_req_duration", "p(95)<290"),
                Threshold.parse("http_req_duration", "p(99.9)<1000"),
                Threshold.parse("http_req_duration", "min>1"),
                Threshold.parse("http_req_failed", "rate<0.01"),
                Threshold.parse("http_req_failed", "rate<0.005"),
                Threshold.parse("dropped_iterations", "count==0"),
                Threshold.parse("http_reqs", "rate>=100")), SUMMARY);
        assertThat(r).extracting(ThresholdResult::passed).containsExactly(true, false, true, false, true, false, false, true);
        assertThat(r.get(3).actual()).isEmpty();
        assertThat(r.get(4).actual().getAsDouble()).isEqualTo(0.005);
        assertThat(ThresholdResult.allPassed(r)).isFalse();
        assertThat(ThresholdResult.allPassed(List.of())).isTrue();
    }
}
