package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The two-hour rules over generated offsets around their boundaries. */
class BoundaryPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:17:23.123456789Z");
    private static final long TWO_HOURS_NANOS = 7_200_000_000_000L;

    @Property(tries = 1000)
    void slotAcceptedIffStartIsAtLeastTwoHoursAhead(
            @ForAll @LongRange(min = -2 * TWO_HOURS_NANOS, max = 3 * TWO_HOURS_NANOS) long aheadNanos) {
        LoadTestSlots.SlotCheck check = LoadTestSlots.check(NOW.plusNanos(aheadNanos), NOW);

        assertThat(check instanceof LoadTestSlots.SlotCheck.Accepted).isEqualTo(aheadNanos >= TWO_HOURS_NANOS);
        if (check instanceof LoadTestSlots.SlotCheck.TooSoon tooSoon) {
            assertThat(tooSoon.earliestAllowed()).isEqualTo(NOW.plusNanos(TWO_HOURS_NANOS));
            assertThat(LoadTestSlots.check(tooSoon.earliestAllowed(), NOW))
                    .isInstanceOf(LoadTestSlots.SlotCheck.Accepted.class);
        }
    }

    @Property(tries = 1000)
    void fastFixIffEstimateUnderTwoHoursWithoutInfrastructure(
            @ForAll @LongRange(min = 1, max = 3 * TWO_HOURS_NANOS) long estimateNanos) {
        Duration estimate = Duration.ofNanos(estimateNanos);

        assertThat(DecisionTree.branchOf(MitigationFacts.fix(estimate, false))).isEqualTo(
                estimateNanos < TWO_HOURS_NANOS ? MitigationBranch.FAST_FIX : MitigationBranch.NO_IMMEDIATE_FIX);
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
