package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.Generated;
import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The two-hour rules over generated offsets around their boundaries. */
class BoundaryPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:17:23.123456789Z");
    private static final long TWO_HOURS_NANOS = 7_200_000_000_000L;

    /** The edges of a range of offsets and the two-hour boundary with its neighbours. */
    private static List<Duration> edges(long minNanos, long maxNanos) {
        Stream<Long> boundary = Stream.of(TWO_HOURS_NANOS - 1, TWO_HOURS_NANOS, TWO_HOURS_NANOS + 1);
        return Stream.concat(Generated.edges(minNanos, maxNanos).stream(), boundary).map(Duration::ofNanos).toList();
    }

    /** 1000 drawn offsets in [-4h, 6h] and the edges, among them 2h - 1ns, 2h and 2h + 1ns. */
    static Stream<Arguments> aheads() {
        return Generated.cases(20_261_208L, 1000, edges(-2 * TWO_HOURS_NANOS, 3 * TWO_HOURS_NANOS),
                g -> g.durations(Duration.ofNanos(-2 * TWO_HOURS_NANOS), Duration.ofNanos(3 * TWO_HOURS_NANOS)));
    }

    @ParameterizedTest
    @MethodSource("aheads")
    void slotAcceptedIffStartIsAtLeastTwoHoursAhead(Duration ahead) {
        LoadTestSlots.SlotCheck check = LoadTestSlots.check(NOW.plus(ahead), NOW);

        assertThat(check instanceof LoadTestSlots.SlotCheck.Accepted).isEqualTo(ahead.toNanos() >= TWO_HOURS_NANOS);
        if (check instanceof LoadTestSlots.SlotCheck.TooSoon tooSoon) {
            assertThat(tooSoon.earliestAllowed()).isEqualTo(NOW.plusNanos(TWO_HOURS_NANOS));
            assertThat(LoadTestSlots.check(tooSoon.earliestAllowed(), NOW))
                    .isInstanceOf(LoadTestSlots.SlotCheck.Accepted.class);
        }
    }

    /** 1000 drawn estimates in [1ns, 6h] and the edges, among them 2h - 1ns, 2h and 2h + 1ns. */
    static Stream<Arguments> estimates() {
        return Generated.cases(20_261_209L, 1000, edges(1, 3 * TWO_HOURS_NANOS),
                g -> g.durations(Duration.ofNanos(1), Duration.ofNanos(3 * TWO_HOURS_NANOS)));
    }

    @ParameterizedTest
    @MethodSource("estimates")
    void fastFixIffEstimateUnderTwoHoursWithoutInfrastructure(Duration estimate) {
        assertThat(DecisionTree.branchOf(MitigationFacts.fix(estimate, false))).isEqualTo(
                estimate.toNanos() < TWO_HOURS_NANOS ? MitigationBranch.FAST_FIX : MitigationBranch.NO_IMMEDIATE_FIX);
        assertThat(DecisionTree.branchOf(MitigationFacts.fix(estimate, true))).isEqualTo(MitigationBranch.INFRASTRUCTURE);
    }

    @Test
    void theConstantIsTwoHours() {
        assertThat(Duration.ofNanos(TWO_HOURS_NANOS)).isEqualTo(LoadTestSlots.MIN_NOTICE).isEqualTo(DecisionTree.FAST_FIX_LIMIT);
    }

    @Test
    void outOfRangeTimesAreBadInputNotArithmeticErrors() {
        assertThatThrownBy(() -> ReportingWindow.slotStart(Instant.parse("9999-01-01T00:00:00Z"), Duration.ofHours(1)))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new ClosingGate(2, Duration.ofDays(400)))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("at most 366 days");
    }
}
