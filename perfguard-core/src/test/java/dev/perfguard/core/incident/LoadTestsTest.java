package dev.perfguard.core.incident;

import static dev.perfguard.core.incident.LoadTestState.CANCELLED;
import static dev.perfguard.core.incident.LoadTestState.CONFIRMED;
import static dev.perfguard.core.incident.LoadTestState.DONE;
import static dev.perfguard.core.incident.LoadTestState.REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.LoadTestFinding.RetrievalMetric;
import dev.perfguard.core.incident.LoadTestFinding.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LoadTestsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void exactlyTwoHoursAheadIsAccepted() {
        assertThat(LoadTestSlots.check(NOW.plus(Duration.ofHours(2)), NOW))
                .isEqualTo(new LoadTestSlots.SlotCheck.Accepted(Instant.parse("2026-11-27T12:00:00Z")));
    }

    @Test
    void oneNanosecondLessThanTwoHoursIsRefusedWithTheEarliestAllowedStart() {
        Instant start = NOW.plus(Duration.ofHours(2)).minusNanos(1);

        LoadTestSlots.SlotCheck check = LoadTestSlots.check(start, NOW);

        assertThat(check).isInstanceOfSatisfying(LoadTestSlots.SlotCheck.TooSoon.class, tooSoon -> {
            assertThat(tooSoon.earliestAllowed()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
            assertThat(tooSoon.reason()).contains("earliest allowed start is 2026-11-27T12:00:00Z");
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {-3600, 0, 60, 7199})
    void startsUnderTwoHoursAreRefused(long secondsAhead) {
        assertThat(LoadTestSlots.check(NOW.plusSeconds(secondsAhead), NOW))
                .isInstanceOf(LoadTestSlots.SlotCheck.TooSoon.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {7200, 7201, 86_400})
    void startsTwoHoursOrMoreAheadAreAccepted(long secondsAhead) {
        assertThat(LoadTestSlots.check(NOW.plusSeconds(secondsAhead), NOW))
                .isInstanceOf(LoadTestSlots.SlotCheck.Accepted.class);
    }

    @Test
    void clockVariantUsesTheClocksInstant() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        assertThat(LoadTestSlots.check(NOW.plusSeconds(7199), clock)).isInstanceOf(LoadTestSlots.SlotCheck.TooSoon.class);
        assertThat(LoadTestSlots.check(NOW.plusSeconds(7200), clock)).isInstanceOf(LoadTestSlots.SlotCheck.Accepted.class);
    }

    private static final Set<List<LoadTestState>> LEGAL = Set.of(
            List.of(REQUESTED, CONFIRMED), List.of(REQUESTED, CANCELLED),
            List.of(CONFIRMED, DONE), List.of(CONFIRMED, CANCELLED));

    static Stream<Arguments> statePairs() {
        List<Arguments> out = new ArrayList<>();
        for (LoadTestState from : LoadTestState.values()) {
            for (LoadTestState to : LoadTestState.values()) {
                out.add(Arguments.of(from, to, LEGAL.contains(List.of(from, to))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} legal={2}")
    @MethodSource("statePairs")
    void everyLoadTestStatePair(LoadTestState from, LoadTestState to, boolean legal) {
        assertThat(from.canMoveTo(to)).isEqualTo(legal);
    }

    @Test
    void planValidationNamesTheBound() {
        assertThatThrownBy(() -> new LoadTestPlan(List.of("search"), 0, "none", NOW))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessage("concurrency must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> new LoadTestPlan(List.of(), 10, "none", NOW))
                .hasMessageContaining("at least one target scenario");
        assertThatThrownBy(() -> new LoadTestPlan(List.of("a", "a"), 10, "none", NOW))
                .hasMessageContaining("duplicates");
        assertThatThrownBy(() -> new LoadTestPlan(List.of("a"), 10, " ", NOW))
                .hasMessageContaining("data refresh must not be blank");
    }

    @Test
    void aFindingNeedsRecollectedRetrievalMetrics() {
        assertThatThrownBy(() -> new LoadTestFinding(Verdict.ACCEPT, "fine", List.of(), "dana", NOW))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("re-collected");
        LoadTestFinding ok = new LoadTestFinding(Verdict.ROLLBACK, "p95 doubled",
                List.of(new RetrievalMetric("rag.ndcg_cut_10", "golden", 0.61)), "dana", NOW);
        assertThat(ok.verdict().wireName()).isEqualTo("rollback");
    }

    @Test
    void recordKeepsFindingExactlyWhenDone() {
        LoadTestPlan plan = new LoadTestPlan(List.of("search"), 50, "none", NOW.plusSeconds(7200));
        LoadTestFinding finding = new LoadTestFinding(Verdict.MITIGATE, "ok",
                List.of(new RetrievalMetric("rag.recall_100", "golden", 0.9)), "dana", NOW);

        assertThatThrownBy(() -> new LoadTestRequest(1, plan, "bob", NOW, CONFIRMED, Optional.of(finding)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadTestRequest(1, plan, "bob", NOW, DONE, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
