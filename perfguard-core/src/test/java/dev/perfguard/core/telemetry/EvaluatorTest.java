package dev.perfguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.ReportingWindow;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    static final Duration H = Duration.ofHours(1);
    static final Instant T10 = Instant.parse("2026-11-27T10:00:00Z");
    static final Window W = new Window(T10, H);
    /** A query over the window itself: one value per window, asked just before its end. */
    static final String Q = "q[$__window]";

    /**
     * A hand-written source: answers from a table keyed by (query, end of an hourly window); a time
     * anywhere in {@code [end - 1h, end)} gets the window's answer. Records what was asked.
     */
    static final class Table implements TelemetrySource {
        final Map<String, Observation> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        Table put(String query, Instant end, Observation o) {
            answers.put(query.replace(Queries.WINDOW, "1h") + "@" + end, o);
            return this;
        }

        Table value(String query, Instant at, double v) {
            return put(query, at, new Observation.Value(v, "{}"));
        }

        @Override
        public Observation at(String query, Instant time) {
            asked.add(query + "@" + time);
            return answers.getOrDefault(query + "@" + Window.containing(time, H).end(), new Observation.NoData("no series"));
        }
    }

    static Expectation exp(String query, Rule rule) {
        return new Expectation("search p95", query, "edge.latency_p95_s{route=/api/search}", rule, Optional.of("edge"),
                Optional.of(URI.create("https://grafana.example/d/edge-latency/api?viewPanel=4&from=now-6h&to=now&orgId=1")));
    }

    @Test
    void theQueryCoversTheWindowAndIsEvaluatedJustBeforeItsEnd() {
        Table t = new Table().value("max_over_time(x[1h])", T10.plus(H), 0.2);
        WindowResult r = new Evaluator(t).evaluate(exp("max_over_time(x[$__window])", Rule.Absolute.max(0.3)), W);
        assertThat(t.asked).containsExactly("max_over_time(x[1h])@2026-11-27T10:59:59.999Z");
        assertThat(r.query()).isEqualTo("max_over_time(x[1h])");
        assertThat(r.evaluatedAt()).isEqualTo(Instant.parse("2026-11-27T10:59:59.999Z"));
        assertThat(r.verdict()).isEqualTo(WindowVerdict.OK);
        assertThat(r.value()).hasValue(0.2);
        assertThat(r.limit()).hasValue(0.3);
        assertThat(r.panel().orElseThrow().url().toString()).isEqualTo(
                "https://grafana.example/d/edge-latency/api?viewPanel=4&orgId=1&from=1795773600000&to=1795777200000");
        assertThat(r.panel().orElseThrow().title()).isEqualTo("search p95");
    }

    @Test
    void windowLengthsAreWrittenInPromQl() {
        assertThat(Queries.render("a[$__window] b[$__window]", new Window(T10, Duration.ofMinutes(30)))).isEqualTo("a[30m] b[30m]");
        assertThat(Queries.render("a[$__window]", new Window(T10.minus(Duration.ofHours(10)), Duration.ofDays(1)))).isEqualTo("a[1d]");
        assertThat(Queries.render("a[$__window]", Window.containing(T10, Duration.ofMinutes(90)))).isEqualTo("a[90m]");
        assertThat(Queries.render("a[$__window]", new Window(T10, Duration.ofMillis(1500)))).isEqualTo("a[1500ms]");
    }

    @Test
    void absoluteBoundsAreInclusiveAndTheBrokenOneIsReported() {
        Rule band = new Rule.Absolute(OptionalDouble.of(0.5), OptionalDouble.of(0.9));
        for (double[] c : new double[][] {{0.5, 0}, {0.9, 0}, {0.7, 0}, {0.4999, 1}, {0.9001, 2}}) {
            WindowResult r = new Evaluator(new Table().value(Q, W.end(), c[0])).evaluate(exp(Q, band), W);
            WindowVerdict expected = c[1] == 0 ? WindowVerdict.OK : WindowVerdict.BREACH;
            assertThat(r.verdict()).as("value %s", c[0]).isEqualTo(expected);
            if (c[1] == 1) {
                assertThat(r.limit()).hasValue(0.5);
                assertThat(r.detail()).isEqualTo("below min 0.5");
            } else if (c[1] == 2) {
                assertThat(r.limit()).hasValue(0.9);
                assertThat(r.detail()).isEqualTo("above max 0.9");
            }
        }
    }

    @Test
    void relativeToTheSameWindowADayEarlier() {
        Rule rule = new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0.10, true, Direction.LOWER_IS_BETTER);
        Instant dayBeforeEnd = W.end().minus(Duration.ofDays(1));
        Table ok = new Table().value(Q, W.end(), 0.329).value(Q, dayBeforeEnd, 0.30);
        WindowResult r = new Evaluator(ok).evaluate(exp(Q, rule), W);
        assertThat(r.verdict()).isEqualTo(WindowVerdict.OK); // under 10 % worse
        assertThat(r.baseline()).hasValue(0.30);
        assertThat(r.limit().getAsDouble()).isCloseTo(0.33, Offset.offset(1e-12));
        Table bad = new Table().value(Q, W.end(), 0.34).value(Q, dayBeforeEnd, 0.30);
        assertThat(new Evaluator(bad).evaluate(exp(Q, rule), W).verdict()).isEqualTo(WindowVerdict.BREACH);
        assertThat(ok.asked).containsExactly("q[1h]@2026-11-27T10:59:59.999Z", "q[1h]@2026-11-26T10:59:59.999Z");
    }

    @Test
    void relativeHigherIsBetterWithAnAbsoluteTolerance() {
        Rule rule = new Rule.Relative(Baseline.SameWindowEarlier.WEEK, 0.02, false, Direction.HIGHER_IS_BETTER);
        Instant weekBefore = W.end().minus(Duration.ofDays(7));
        assertThat(new Evaluator(new Table().value(Q, W.end(), 0.70).value(Q, weekBefore, 0.71)).evaluate(exp(Q, rule), W)
                .verdict()).isEqualTo(WindowVerdict.OK);
        WindowResult r = new Evaluator(new Table().value(Q, W.end(), 0.68).value(Q, weekBefore, 0.71)).evaluate(exp(Q, rule), W);
        assertThat(r.verdict()).isEqualTo(WindowVerdict.BREACH);
        assertThat(r.limit().getAsDouble()).isCloseTo(0.69, Offset.offset(1e-12));
    }

    @Test
    void trailingBaselineIsTheMedianOfTheWindowsWithData() {
        Rule rule = new Rule.Relative(new Baseline.Trailing(4), 0.5, true, Direction.LOWER_IS_BETTER);
        Table t = new Table().value(Q, W.end(), 0.45)
                .value(Q, W.start(), 0.2)                       // window 09-10
                .value(Q, W.start().minus(H), 0.4)              // 08-09
                .value(Q, W.start().minus(H.multipliedBy(3)), 10); // 06-07 (07-08 has no data)
        WindowResult r = new Evaluator(t).evaluate(exp(Q, rule), W);
        assertThat(r.baseline()).hasValue(0.4); // median of 10, 0.4, 0.2
        assertThat(r.verdict()).isEqualTo(WindowVerdict.OK);
        assertThat(r.detail()).contains("median of 3");
        assertThat(t.asked).containsExactly("q[1h]@2026-11-27T10:59:59.999Z", "q[1h]@2026-11-27T06:59:59.999Z",
                "q[1h]@2026-11-27T07:59:59.999Z", "q[1h]@2026-11-27T08:59:59.999Z", "q[1h]@2026-11-27T09:59:59.999Z");
    }

    @Test
    void missingOrFailedBaselineNeverCountsAsGood() {
        Rule rule = new Rule.Relative(new Baseline.Trailing(2), 0.1, true, Direction.LOWER_IS_BETTER);
        Table none = new Table().value(Q, W.end(), 0.1);
        WindowResult r = new Evaluator(none).evaluate(exp(Q, rule), W);
        assertThat(r.verdict()).isEqualTo(WindowVerdict.NO_DATA);
        assertThat(r.detail()).contains("has no data");
        Table failed = new Table().value(Q, W.end(), 0.1).value(Q, W.start(), 0.1)
                .put(Q, W.start().minus(H), new Observation.Failed("Prometheus unreachable"));
        WindowResult f = new Evaluator(failed).evaluate(exp(Q, rule), W);
        assertThat(f.verdict()).isEqualTo(WindowVerdict.ERROR);
        assertThat(f.detail()).contains("Prometheus unreachable");
    }

    @Test
    void failuresAndMissingDataAreExplicitAndAThrowingSourceIsCaught() {
        Expectation e = exp(Q, Rule.Absolute.max(1));
        assertThat(new Evaluator(new Table()).evaluate(e, W).verdict()).isEqualTo(WindowVerdict.NO_DATA);
        WindowResult err = new Evaluator(new Table().put(Q, W.end(), new Observation.Failed("2 series, expected 1")))
                .evaluate(e, W);
        assertThat(err.verdict()).isEqualTo(WindowVerdict.ERROR);
        assertThat(err.detail()).isEqualTo("2 series, expected 1");
        TelemetrySource throwing = (q, t) -> {
            throw new IllegalStateException("boom");
        };
        WindowResult thrown = new Evaluator(throwing).evaluate(e, W);
        assertThat(thrown.verdict()).isEqualTo(WindowVerdict.ERROR);
        assertThat(thrown.detail()).contains("boom");
        assertThat(thrown.value()).isEmpty();
    }

    @Test
    void concurrentEvaluationKeepsOrderAndResultsAndOverlapsSlowQueries() {
        List<Expectation> xs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            xs.add(new Expectation("e" + i, "q" + i, "edge.m" + i, i % 2 == 0 ? Rule.Absolute.max(i) : Rule.Absolute.min(i),
                    Optional.empty(), Optional.empty()));
        }
        // Each source counts the queries in flight. The concurrent one holds its first query until a
        // second one has started (or 10 s pass), so overlapping evaluation shows as two in flight
        // without measuring any time; the sequential evaluator never has more than one.
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        TelemetrySource slow = (q, t) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            second.countDown();
            try {
                second.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return new Observation.Value(Integer.parseInt(q.substring(1)) + 0.5, "{}");
        };
        AtomicInteger seqInFlight = new AtomicInteger();
        AtomicInteger seqMax = new AtomicInteger();
        TelemetrySource oneAtATime = (q, t) -> {
            seqMax.accumulateAndGet(seqInFlight.incrementAndGet(), Math::max);
            seqInFlight.decrementAndGet();
            return new Observation.Value(Integer.parseInt(q.substring(1)) + 0.5, "{}");
        };
        List<WindowResult> sequential = new Evaluator(oneAtATime).evaluate(xs, W);
        List<WindowResult> concurrent = new Evaluator(slow).evaluate(xs, W, 4);
        assertThat(concurrent).isEqualTo(sequential);
        assertThat(concurrent).extracting(WindowResult::verdict).containsExactly(WindowVerdict.BREACH, WindowVerdict.OK, WindowVerdict.BREACH, WindowVerdict.OK,
                WindowVerdict.BREACH, WindowVerdict.OK, WindowVerdict.BREACH, WindowVerdict.OK);
        assertThat(seqMax.get()).isEqualTo(1);
        assertThat(maxInFlight.get()).isBetween(2, 4);
        assertThatThrownBy(() -> new Evaluator(slow).evaluate(xs, W, 0)).hasMessageContaining("between 1 and 64");
    }

    @Test
    void windowsAreOnTheUtcGrid() {
        assertThatThrownBy(() -> new Window(T10.plusSeconds(60), H)).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("not on the 1h grid").hasMessageContaining("starts at 2026-11-27T10:00:00Z");
        assertThat(Window.containing(Instant.parse("2026-11-27T10:59:59.999Z"), H)).isEqualTo(W);
        assertThat(Window.lastClosed(Instant.parse("2026-11-27T11:00:00Z"), H)).isEqualTo(W);
        assertThat(Window.lastClosed(Instant.parse("2026-11-27T11:59:59Z"), H)).isEqualTo(W);
        assertThat(W.closedAt(W.end())).isTrue();
        assertThat(W.closedAt(W.end().minusNanos(1))).isFalse();
        assertThatThrownBy(() -> Evaluator.checkFits(exp(Q, new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0, true,
                Direction.LOWER_IS_BETTER)), Duration.ofHours(7))).hasMessageContaining("not a whole number of 7h");
    }

    @Test
    void baselinesParse() {
        assertThat(Baseline.parse("1d")).isEqualTo(Baseline.SameWindowEarlier.DAY);
        assertThat(Baseline.parse(" 1W ")).isEqualTo(Baseline.SameWindowEarlier.WEEK);
        assertThat(Baseline.parse("trailing:6")).isEqualTo(new Baseline.Trailing(6));
        for (String bad : new String[] {"2d", "trailing:0", "trailing:169", "trailing", ""}) {
            assertThatThrownBy(() -> Baseline.parse(bad)).as(bad).isInstanceOf(PerfguardException.class)
                    .hasMessageContaining("trailing");
        }
    }

    @Test
    void resultsFeedTheClosingGateAndOnlyOkCounts() {
        Expectation lat = exp(Q, Rule.Absolute.max(1));
        String metric = lat.metric();
        ClosingGate gate = new ClosingGate(2, H);
        Instant opened = Instant.parse("2026-11-27T08:30:00Z");
        List<ReportingWindow> windows = new ArrayList<>();
        double[] values = {2, 0.5, 0.5};
        for (int i = 0; i < values.length; i++) {
            Window w = new Window(T10.minus(H.multipliedBy(2 - i)), H); // 08, 09, 10
            WindowResult r = new Evaluator(new Table().value(Q, w.end(), values[i])).evaluate(lat, w);
            windows.add(Evaluator.toReportingWindow(w, List.of(r)));
        }
        assertThat(windows.get(0).outcomeOf(metric)).isEqualTo(MetricOutcome.BREACH);
        assertThat(gate.evaluate(Set.of(metric), windows, opened, Instant.parse("2026-11-27T10:59:59Z")))
                .isInstanceOf(ClosingGate.Result.NotClosable.class);
        assertThat(gate.evaluate(Set.of(metric), windows, opened, Instant.parse("2026-11-27T11:00:00Z")))
                .isInstanceOf(ClosingGate.Result.Closable.class);
        // an error window is not good
        WindowResult err = new Evaluator(new Table().put(Q, W.end(), new Observation.Failed("down"))).evaluate(lat, W);
        assertThat(Evaluator.toReportingWindow(W, List.of(err)).outcomeOf(metric)).isEqualTo(MetricOutcome.NO_DATA);
    }

    @Test
    void expectationsValidateOnce() {
        assertThatThrownBy(() -> new Expectation("n", Q, "nodot", Rule.Absolute.max(1), Optional.empty(), Optional.empty()))
                .hasMessageContaining("needs a family");
        assertThatThrownBy(() -> new Expectation("n", Q, "edge.x", Rule.Absolute.max(1), Optional.empty(),
                Optional.of(URI.create("ftp://x/")))).hasMessageContaining("panel url");
        assertThatThrownBy(() -> new Rule.Absolute(OptionalDouble.of(2), OptionalDouble.of(1))).hasMessageContaining("above max");
        assertThatThrownBy(() -> Rule.Absolute.max(Double.NaN)).hasMessageContaining("finite");
    }
}
