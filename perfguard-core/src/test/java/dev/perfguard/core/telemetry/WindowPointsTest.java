package dev.perfguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** A query without {@code $__window}: evaluated at the points of its own window, reduced by an aggregate. */
class WindowPointsTest {
    static final Duration H = Duration.ofHours(1);
    static final Window W = new Window(Instant.parse("2026-11-27T10:00:00Z"), H);

    /** Answers, at time t, the number of whole seconds since W's start; records the times asked. */
    static final class Clockwork implements TelemetrySource {
        final List<Instant> asked = new CopyOnWriteArrayList<>();

        @Override
        public Observation at(String query, Instant time) {
            asked.add(time);
            return new Observation.Value(Duration.between(W.start(), time).toSeconds(), "{}");
        }
    }

    static Expectation exp(Rule rule, Aggregate aggregate, Optional<Duration> step) {
        return new Expectation("gauge", "g", "rag.g", rule, Optional.empty(), Optional.empty(), aggregate, step);
    }

    @Test
    void thePointsLieInsideTheWindowTheLastJustBeforeItsEnd() {
        Clockwork c = new Clockwork();
        WindowResult r = new Evaluator(c).evaluate(exp(Rule.Absolute.max(1e6), Aggregate.MEAN, Optional.empty()), W);
        assertThat(c.asked).hasSize(240).allSatisfy(t -> assertThat(t).isAfter(W.start()).isBefore(W.end()));
        assertThat(c.asked.get(0)).isEqualTo(Instant.parse("2026-11-27T10:00:14.999Z"));
        assertThat(c.asked.get(239)).isEqualTo(Instant.parse("2026-11-27T10:59:59.999Z"));
        assertThat(r.evaluatedAt()).isEqualTo(Instant.parse("2026-11-27T10:59:59.999Z"));
        // seconds 14, 29, ..., 3599: the mean of 15k - 1 for k = 1..240
        assertThat(r.value().getAsDouble()).isCloseTo(15 * 120.5 - 1, Offset.offset(1e-9));
        assertThat(r.detail()).isEqualTo("within bounds (mean of 240 of 240 points every 15s)");

        Clockwork coarse = new Clockwork();
        new Evaluator(coarse).evaluate(exp(Rule.Absolute.max(1e6), Aggregate.MEAN, Optional.of(Duration.ofMinutes(1))), W);
        assertThat(coarse.asked).hasSize(60);
    }

    @Test
    void aggregatesAndTheWorstFollowsTheRulesDirection() {
        double mean = 15 * 120.5 - 1;
        double last = 3599;
        double first = 14;
        double p95 = 15 * (1 + 0.95 * 239) - 1; // interpolated between neighbours, as quantile_over_time
        assertThat(value(Rule.Absolute.max(1e6), Aggregate.MEAN)).isCloseTo(mean, Offset.offset(1e-9));
        assertThat(value(Rule.Absolute.max(1e6), Aggregate.LAST)).isEqualTo(last);
        assertThat(value(Rule.Absolute.max(1e6), Aggregate.P95)).isCloseTo(p95, Offset.offset(1e-9));
        assertThat(value(Rule.Absolute.max(1e6), Aggregate.WORST)).isEqualTo(last);
        assertThat(value(Rule.Absolute.min(-1), Aggregate.WORST)).isEqualTo(first);
        // both bounds: the point furthest beyond (or least inside) one of them
        assertThat(value(new Rule.Absolute(OptionalDouble.of(0), OptionalDouble.of(3000)), Aggregate.WORST)).isEqualTo(last);
        assertThat(value(new Rule.Absolute(OptionalDouble.of(1000), OptionalDouble.of(5000)), Aggregate.WORST)).isEqualTo(first);
        Rule lowerBetter = new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0.1, true, Direction.LOWER_IS_BETTER);
        Rule higherBetter = new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0.1, true, Direction.HIGHER_IS_BETTER);
        assertThat(new Evaluator(new Clockwork()).evaluate(exp(lowerBetter, Aggregate.WORST, Optional.empty()), W).value()).hasValue(last);
        WindowResult hb = new Evaluator(new Clockwork()).evaluate(exp(higherBetter, Aggregate.WORST, Optional.empty()), W);
        assertThat(hb.value()).hasValue(first);
        assertThat(hb.baseline()).hasValue(first - 86_400); // the day before, reduced the same way
        assertThat(Aggregate.parse(" P95 ")).isEqualTo(Aggregate.P95);
        assertThatThrownBy(() -> Aggregate.parse("max")).isInstanceOf(PerfguardException.class)
                .hasMessage("aggregate must be mean, worst, last or p95, was 'max'");
    }

    static double value(Rule rule, Aggregate a) {
        WindowResult r = new Evaluator(new Clockwork()).evaluate(exp(rule, a, Optional.empty()), W);
        return r.value().getAsDouble();
    }

    @Test
    void pointsWithoutDataAreLeftOutAFailedOneIsAnError() {
        TelemetrySource firstHalf = (q, t) -> t.isBefore(W.start().plus(Duration.ofMinutes(30)))
                ? new Observation.Value(1, "{}") : new Observation.NoData("no series");
        WindowResult half = new Evaluator(firstHalf).evaluate(exp(Rule.Absolute.max(2), Aggregate.LAST, Optional.empty()), W);
        assertThat(half.value()).hasValue(1);
        assertThat(half.detail()).endsWith("(last of 120 of 240 points every 15s)");
        TelemetrySource none = (q, t) -> new Observation.NoData("no series");
        WindowResult empty = new Evaluator(none).evaluate(exp(Rule.Absolute.max(2), Aggregate.MEAN, Optional.empty()), W);
        assertThat(empty.verdict()).isEqualTo(WindowVerdict.NO_DATA);
        assertThat(empty.detail()).isEqualTo("no sample in the window (240 points every 15s)");
        TelemetrySource oneFails = (q, t) -> t.equals(W.start().plusSeconds(600).minusMillis(1))
                ? new Observation.Failed("Prometheus unreachable") : new Observation.Value(1, "{}");
        WindowResult failed = new Evaluator(oneFails).evaluate(exp(Rule.Absolute.max(2), Aggregate.MEAN, Optional.empty()), W);
        assertThat(failed.verdict()).isEqualTo(WindowVerdict.ERROR);
        assertThat(failed.detail()).isEqualTo("Prometheus unreachable");
    }

    @Test
    void theDefaultStepDividesTheWindowAndStaysWithinPrometheusLimit() {
        assertThat(Queries.defaultStep(H)).isEqualTo(Duration.ofSeconds(15));
        assertThat(Queries.defaultStep(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(15));
        assertThat(Queries.defaultStep(Duration.ofSeconds(100))).isEqualTo(Duration.ofMillis(12_500));
        assertThat(Queries.defaultStep(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Queries.defaultStep(Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(15)); // 5760 points
        assertThat(Queries.defaultStep(Duration.ofDays(2))).isEqualTo(Duration.ofSeconds(16)); // 10800, not 11520
        assertThat(Queries.defaultStep(Duration.ofDays(7))).isEqualTo(Duration.ofSeconds(56)); // 10800
        for (Duration length : List.of(Duration.ofMinutes(90), Duration.ofDays(3), Duration.ofDays(366), Duration.ofMillis(7919))) {
            Duration step = Queries.defaultStep(length);
            Queries.checkStep(step, length);
            assertThat(Queries.points(new Window(Instant.EPOCH, length), step)).hasSizeLessThanOrEqualTo(Queries.MAX_POINTS);
        }
    }

    @Test
    void aConfiguredStepMustFitTheWindow() {
        assertThatThrownBy(() -> Queries.checkStep(Duration.ofSeconds(7), H)).hasMessage("step 7s does not divide the 1h reporting window into whole steps");
        assertThatThrownBy(() -> Queries.checkStep(Duration.ofHours(2), H)).hasMessage("step 2h does not divide the 1h reporting window into whole steps");
        assertThatThrownBy(() -> Queries.checkStep(Duration.ofSeconds(1), Duration.ofDays(1)))
                .hasMessage("step 1s splits the 1d reporting window into 86400 points; Prometheus answers at most 11000");
        assertThatThrownBy(() -> Queries.checkStep(Duration.ofNanos(1500), H)).hasMessageStartingWith("step must be a positive whole number of milliseconds");
        assertThatThrownBy(() -> exp(Rule.Absolute.max(1), Aggregate.MEAN, Optional.of(Duration.ZERO)))
                .hasMessage("step must be a positive whole number of milliseconds, was PT0S");
        Expectation odd = exp(Rule.Absolute.max(1), Aggregate.MEAN, Optional.of(Duration.ofSeconds(7)));
        assertThatThrownBy(() -> Evaluator.checkStep(odd, H)).isInstanceOf(PerfguardException.class);
        WindowResult notFitting = new Evaluator(new Clockwork()).evaluate(odd, W); // never an exception out of evaluate
        assertThat(notFitting.verdict()).isEqualTo(WindowVerdict.ERROR);
        assertThat(notFitting.detail()).isEqualTo("step 7s does not divide the 1h reporting window into whole steps");
        Evaluator.checkStep(new Expectation("w", "x[$__window]", "rag.x", Rule.Absolute.max(1), Optional.empty(), Optional.empty(),
                Aggregate.MEAN, Optional.of(Duration.ofSeconds(7))), H); // a query over the window has no points
    }
}
