package dev.perfguard.core.incident;

import static dev.perfguard.core.incident.MetricOutcome.BREACH;
import static dev.perfguard.core.incident.MetricOutcome.NO_DATA;
import static dev.perfguard.core.incident.MetricOutcome.WITHIN_TOLERANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.Generated;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ClosingGate.Problem;
import dev.perfguard.core.incident.ClosingGate.Result.Closable;
import dev.perfguard.core.incident.ClosingGate.Result.NotClosable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClosingGateTest {

    private static final String LCP = "lighthouse.lcp_ms{page=/}";
    private static final String TBT = "lighthouse.tbt_ms";
    private static final List<String> METRICS = List.of(LCP, TBT);
    private static final Instant OPENED = Instant.parse("2026-11-27T08:30:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static ReportingWindow window(String start, MetricOutcome lcp, MetricOutcome tbt) {
        Map<String, MetricOutcome> results = new HashMap<>();
        results.put(LCP, lcp);
        results.put(TBT, tbt);
        return new ReportingWindow(Instant.parse(start), HOUR, results);
    }

    private static ReportingWindow good(String start) {
        return window(start, WITHIN_TOLERANCE, WITHIN_TOLERANCE);
    }

    @Test
    void twoGoodCompleteWindowsClose() {
        var result = ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T11:00:00Z")),
                OPENED, Instant.parse("2026-11-27T12:20:00Z"));

        assertThat(result).isEqualTo(new Closable(
                List.of(Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T11:00:00Z"))));
    }

    @Test
    void afterAContainmentOnlyWindowsStartingFromItCount() {
        List<ReportingWindow> windows = List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T11:00:00Z"),
                good("2026-11-27T12:00:00Z"));
        Optional<Instant> rolledBack = Optional.of(Instant.parse("2026-11-27T10:42:00Z"));
        var refused = ClosingGate.DEFAULT.evaluate(METRICS, windows, OPENED, rolledBack, Instant.parse("2026-11-27T12:20:00Z"));
        assertThat(refused).isEqualTo(new NotClosable(List.of(new ClosingGate.Problem.BeforeContainment(
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T11:00:00Z"), rolledBack.get()))));
        assertThat(((NotClosable) refused).problems().get(0).describe()).isEqualTo("window 2026-11-27T10:00:00Z to "
                + "2026-11-27T11:00:00Z started before the containment at 2026-11-27T10:42:00Z");
        assertThat(ClosingGate.DEFAULT.evaluate(METRICS, windows, OPENED, rolledBack, Instant.parse("2026-11-27T13:00:00Z")))
                .isInstanceOf(Closable.class);
        // a containment exactly at a window's start lets that window count
        assertThat(ClosingGate.DEFAULT.evaluate(METRICS, windows, OPENED, Optional.of(Instant.parse("2026-11-27T10:00:00Z")),
                Instant.parse("2026-11-27T12:20:00Z"))).isInstanceOf(Closable.class);
    }

    @Test
    void theWindowInProgressIsNotLookedAt() {
        var result = ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T11:00:00Z"),
                        window("2026-11-27T12:00:00Z", BREACH, BREACH)),
                OPENED, Instant.parse("2026-11-27T12:59:59Z"));

        assertThat(result).isInstanceOf(Closable.class);
    }

    @Test
    void aWindowCountsFromTheMomentItEnds() {
        List<ReportingWindow> windows = List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T11:00:00Z"));

        assertThat(ClosingGate.DEFAULT.evaluate(METRICS, windows, OPENED, Instant.parse("2026-11-27T12:00:00Z")))
                .isInstanceOf(Closable.class);
        assertThat(ClosingGate.DEFAULT.evaluate(METRICS, windows, OPENED,
                Instant.parse("2026-11-27T12:00:00Z").minusNanos(1)))
                .isInstanceOfSatisfying(NotClosable.class, r -> assertThat(r.problems())
                        .containsExactly(new Problem.MissingWindow(Instant.parse("2026-11-27T09:00:00Z"),
                                Instant.parse("2026-11-27T10:00:00Z"))));
    }

    @Test
    void aGapBreaksTheRunEvenWithOlderGoodWindows() {
        var result = ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(good("2026-11-27T09:00:00Z"), good("2026-11-27T10:00:00Z"), good("2026-11-27T12:00:00Z")),
                OPENED, Instant.parse("2026-11-27T13:05:00Z"));

        assertThat(result).isInstanceOfSatisfying(NotClosable.class, r -> assertThat(r.reason())
                .isEqualTo("window 2026-11-27T11:00:00Z to 2026-11-27T12:00:00Z is missing"));
    }

    @Test
    void refusalListsEveryMetricThatFailedInEveryWindow() {
        var result = ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(window("2026-11-27T10:00:00Z", BREACH, WITHIN_TOLERANCE),
                        new ReportingWindow(Instant.parse("2026-11-27T11:00:00Z"), HOUR, Map.of(LCP, NO_DATA))),
                OPENED, Instant.parse("2026-11-27T12:20:00Z"));

        assertThat(result).isInstanceOfSatisfying(NotClosable.class, r -> assertThat(r.reason()).isEqualTo(
                "lighthouse.lcp_ms{page=/} was in breach in window 2026-11-27T10:00:00Z to 2026-11-27T11:00:00Z; "
                        + "lighthouse.lcp_ms{page=/} was without data in window 2026-11-27T11:00:00Z to 2026-11-27T12:00:00Z; "
                        + "lighthouse.tbt_ms was without data in window 2026-11-27T11:00:00Z to 2026-11-27T12:00:00Z"));
    }

    @Test
    void aStaleRunDoesNotClose() {
        var result = ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T11:00:00Z")),
                OPENED, Instant.parse("2026-11-28T11:00:00Z"));

        assertThat(result).isInstanceOfSatisfying(NotClosable.class, r -> assertThat(r.problems())
                .hasSize(2).allMatch(p -> p instanceof Problem.MissingWindow));
    }

    @Test
    void windowsThatEndedBeforeTheOpeningDoNotCount() {
        Instant opened = Instant.parse("2026-11-27T11:00:00Z");
        var result = ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T11:00:00Z")),
                opened, Instant.parse("2026-11-27T12:20:00Z"));

        assertThat(result).isInstanceOfSatisfying(NotClosable.class, r -> assertThat(r.reason()).isEqualTo(
                "window 2026-11-27T10:00:00Z to 2026-11-27T11:00:00Z ended before the incident opened at 2026-11-27T11:00:00Z"));
    }

    @Test
    void closeAfterWindowsAndLengthAreConfigurable() {
        ClosingGate gate = new ClosingGate(3, Duration.ofMinutes(15));
        List<ReportingWindow> windows = new ArrayList<>();
        for (String start : List.of("2026-11-27T10:00:00Z", "2026-11-27T10:15:00Z", "2026-11-27T10:30:00Z")) {
            windows.add(new ReportingWindow(Instant.parse(start), Duration.ofMinutes(15),
                    Map.of(LCP, WITHIN_TOLERANCE, TBT, WITHIN_TOLERANCE)));
        }

        assertThat(gate.evaluate(METRICS, windows, OPENED, Instant.parse("2026-11-27T10:45:00Z")))
                .isInstanceOf(Closable.class);
        assertThat(gate.evaluate(METRICS, windows.subList(1, 3), OPENED, Instant.parse("2026-11-27T10:45:00Z")))
                .isInstanceOf(NotClosable.class);
    }

    @Test
    void inputsAreValidated() {
        assertThatThrownBy(() -> new ClosingGate(0, HOUR)).isInstanceOfSatisfying(PerfguardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT)).hasMessageContaining("close_after_windows");
        assertThatThrownBy(() -> new ReportingWindow(Instant.parse("2026-11-27T10:30:00Z"), HOUR, Map.of()))
                .hasMessageContaining("not on the 1h grid; the window containing it starts at 2026-11-27T10:00:00Z");
        assertThatThrownBy(() -> ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(good("2026-11-27T10:00:00Z"), good("2026-11-27T10:00:00Z")), OPENED, Instant.parse("2026-11-27T12:00:00Z")))
                .hasMessageContaining("two results for window 2026-11-27T10:00:00Z");
        assertThatThrownBy(() -> ClosingGate.DEFAULT.evaluate(METRICS,
                List.of(new ReportingWindow(Instant.parse("2026-11-27T10:00:00Z"), Duration.ofMinutes(30), Map.of())),
                OPENED, Instant.parse("2026-11-27T12:00:00Z")))
                .hasMessageContaining("30m long but the reporting window is 1h");
        assertThatThrownBy(() -> ClosingGate.DEFAULT.evaluate(List.of(), List.of(), OPENED, OPENED))
                .hasMessageContaining("at least one triggering metric");
    }

    @Test
    void slotStartFloorsToTheGrid() {
        assertThat(ReportingWindow.slotStart(Instant.parse("2026-11-27T10:59:59.999Z"), HOUR))
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(ReportingWindow.slotStart(Instant.parse("1969-12-31T23:30:00Z"), HOUR))
                .isEqualTo(Instant.parse("1969-12-31T23:00:00Z"));
    }

    // ---- generated window sequences ----------------------------------------------------------

    private static final int SLOTS = 16;
    private static final Instant BASE = Instant.parse("2026-11-27T00:00:00Z");

    /** Outcome code: 0 breach, 1 explicit no-data, 2 absent (no-data), 3..9 within tolerance. */
    private static MetricOutcome outcome(int code) {
        return switch (code) {
            case 0 -> BREACH;
            case 1, 2 -> NO_DATA;
            default -> WITHIN_TOLERANCE;
        };
    }

    private static List<ReportingWindow> windows(List<Integer> present, List<Integer> lcp, List<Integer> tbt) {
        List<ReportingWindow> windows = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            if (present.get(s) == 0) {
                continue;
            }
            Map<String, MetricOutcome> results = new HashMap<>();
            if (lcp.get(s) != 2) {
                results.put(LCP, outcome(lcp.get(s)));
            }
            if (tbt.get(s) != 2) {
                results.put(TBT, outcome(tbt.get(s)));
            }
            windows.add(new ReportingWindow(BASE.plus(HOUR.multipliedBy(s)), HOUR, results));
        }
        Collections.reverse(windows); // order must not matter
        return windows;
    }

    /**
     * One generated gate evaluation: per slot whether a window was reported (0 absent, 1..4 present)
     * and each metric's outcome code; now and the opening as a slot and seconds into it.
     */
    record Sequence(int n, List<Integer> present, List<Integer> lcp, List<Integer> tbt,
            int nowSlot, int nowOffsetSeconds, int openedSlot, int openedOffsetSeconds) {}

    /**
     * 2000 drawn sequences; the edges are every combination of n in {1, 4}, now in slot 0, 12 or
     * SLOTS + 2, opened in slot -3 or SLOTS, both offsets 0 or 3599 s, and three uniform sequences:
     * every window present and good, none present (codes 0), every window present without data.
     */
    static Stream<Arguments> sequences() {
        List<List<List<Integer>>> uniform = List.of(
                List.of(same(4), same(9), same(9)), List.of(same(0), same(0), same(0)), List.of(same(1), same(1), same(2)));
        List<Sequence> edges = new ArrayList<>();
        for (int n : List.of(1, 4)) {
            for (int nowSlot : List.of(0, 12, SLOTS + 2)) {
                for (int openedSlot : List.of(-3, SLOTS)) {
                    for (int nowOffset : List.of(0, 3599)) {
                        for (int openedOffset : List.of(0, 3599)) {
                            for (List<List<Integer>> u : uniform) {
                                edges.add(new Sequence(n, u.get(0), u.get(1), u.get(2), nowSlot, nowOffset, openedSlot, openedOffset));
                            }
                        }
                    }
                }
            }
        }
        return Generated.cases(20_261_210L, 2000, edges, g -> new Sequence(g.ints(1, 4),
                g.ints(SLOTS, 0, 4), g.ints(SLOTS, 0, 9), g.ints(SLOTS, 0, 9),
                g.ints(0, SLOTS + 2), g.ints(0, 3599), g.ints(-3, SLOTS), g.ints(0, 3599)));
    }

    private static List<Integer> same(int code) {
        return Collections.nCopies(SLOTS, code);
    }

    @ParameterizedTest
    @MethodSource("sequences")
    void closableIffTheLastNCompleteWindowsAreAllWithinTolerance(Sequence c) {
        int n = c.n();
        List<Integer> present = c.present();
        List<Integer> lcp = c.lcp();
        List<Integer> tbt = c.tbt();
        int nowSlot = c.nowSlot();
        Instant now = BASE.plus(HOUR.multipliedBy(nowSlot)).plusSeconds(c.nowOffsetSeconds());
        Instant opened = BASE.plus(HOUR.multipliedBy(c.openedSlot())).plusSeconds(c.openedOffsetSeconds());

        // the oracle, by slot index: the n slots before the one now is in must all be present, end
        // after the opening, and have both metrics within tolerance
        boolean expected = true;
        List<Integer> requiredMissing = new ArrayList<>();
        for (int k = n; k >= 1; k--) { // oldest required slot first, the order problems are listed in
            int s = nowSlot - k;
            boolean endsAfterOpening = BASE.plus(HOUR.multipliedBy(s + 1L)).isAfter(opened);
            boolean isPresent = s >= 0 && s < SLOTS && present.get(s) != 0;
            if (endsAfterOpening && !isPresent) {
                requiredMissing.add(s);
            }
            expected &= endsAfterOpening && isPresent
                    && outcome(lcp.get(s)) == WITHIN_TOLERANCE && outcome(tbt.get(s)) == WITHIN_TOLERANCE;
        }

        var result = new ClosingGate(n, HOUR).evaluate(METRICS, windows(present, lcp, tbt), opened, now);

        assertThat(result instanceof Closable).isEqualTo(expected);
        if (result instanceof NotClosable refused) {
            assertThat(refused.problems()).filteredOn(p -> p instanceof Problem.MissingWindow)
                    .extracting(Problem::windowStart)
                    .containsExactlyElementsOf(requiredMissing.stream().map(s -> BASE.plus(HOUR.multipliedBy(s))).toList());
            Instant firstRequired = BASE.plus(HOUR.multipliedBy(nowSlot - n));
            assertThat(refused.problems()).allSatisfy(p -> assertThat(p.windowStart())
                    .isBetween(firstRequired, BASE.plus(HOUR.multipliedBy(nowSlot - 1L))));
        } else {
            assertThat(((Closable) result).windowStarts()).hasSize(n);
        }
    }

    record Surrounded(int n, List<Integer> noise) {}

    /** 500 drawn cases; the edges are every n in [1, 4] with every other window in breach, without data (codes 1 and 2) or good. */
    static Stream<Arguments> surrounded() {
        List<Surrounded> edges = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            for (int code : List.of(0, 1, 2, 9)) {
                edges.add(new Surrounded(n, same(code)));
            }
        }
        return Generated.cases(20_261_211L, 500, edges, g -> new Surrounded(g.ints(1, 4), g.ints(SLOTS, 0, 9)));
    }

    @ParameterizedTest
    @MethodSource("surrounded")
    void closableIsNeverBrokenByAddingWindowsOutsideTheRequiredOnes(Surrounded c) {
        int n = c.n();
        List<Integer> noise = c.noise();
        Instant now = BASE.plus(HOUR.multipliedBy(12)).plusSeconds(600);
        List<ReportingWindow> windows = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            boolean required = s >= 12 - n && s < 12;
            MetricOutcome o = required ? WITHIN_TOLERANCE : outcome(noise.get(s));
            windows.add(new ReportingWindow(BASE.plus(HOUR.multipliedBy(s)), HOUR, Map.of(LCP, o, TBT, o)));
        }

        assertThat(new ClosingGate(n, HOUR).evaluate(METRICS, windows, BASE, now)).isInstanceOf(Closable.class);
    }
}
