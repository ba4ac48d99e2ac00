package dev.perfguard.core.incident;

import static dev.perfguard.core.incident.IncidentState.CLOSED;
import static dev.perfguard.core.incident.IncidentState.INVESTIGATING;
import static dev.perfguard.core.incident.IncidentState.MITIGATING;
import static dev.perfguard.core.incident.IncidentState.MONITORING;
import static dev.perfguard.core.incident.IncidentState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

    /** The documented graph, written out independently of the implementation. */
    private static final Set<List<IncidentState>> LEGAL = Set.of(
            List.of(OPEN, INVESTIGATING),
            List.of(INVESTIGATING, MITIGATING),
            List.of(MITIGATING, MONITORING),
            List.of(MONITORING, CLOSED),
            List.of(MITIGATING, INVESTIGATING),
            List.of(MONITORING, MITIGATING));

    static Stream<Arguments> allPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (IncidentState from : IncidentState.values()) {
            for (IncidentState to : IncidentState.values()) {
                pairs.add(Arguments.of(from, to, LEGAL.contains(List.of(from, to))));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} legal={2}")
    @MethodSource("allPairs")
    void everyPairIsAllowedExactlyWhenInTheGraph(IncidentState from, IncidentState to, boolean legal) {
        TransitionResult result = Lifecycle.check(from, to);

        assertThat(result.from()).isEqualTo(from);
        assertThat(result.to()).isEqualTo(to);
        if (legal) {
            assertThat(result).isInstanceOf(TransitionResult.Allowed.class);
            assertThatCode(() -> Lifecycle.require(from, to)).doesNotThrowAnyException();
        } else {
            assertThat(result).isInstanceOfSatisfying(TransitionResult.Refused.class,
                    r -> assertThat(r.reason()).isNotBlank());
            assertThatThrownBy(() -> Lifecycle.require(from, to))
                    .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessage(((TransitionResult.Refused) result).reason());
        }
    }

    @Test
    void allTwentyFivePairsAreCovered() {
        assertThat(allPairs().count()).isEqualTo(25);
    }

    @Test
    void skippingAStepNamesWhereTheIncidentCanGo() {
        TransitionResult result = Lifecycle.check(OPEN, MONITORING);

        assertThat(((TransitionResult.Refused) result).reason())
                .isEqualTo("cannot move from open to monitoring; from open the incident can move to investigating");
        assertThat(((TransitionResult.Refused) Lifecycle.check(MONITORING, OPEN)).reason())
                .isEqualTo("cannot move from monitoring to open; from monitoring the incident can move to mitigating or closed");
    }

    @Test
    void sameStateAndClosedHaveTheirOwnReasons() {
        assertThat(((TransitionResult.Refused) Lifecycle.check(MITIGATING, MITIGATING)).reason())
                .isEqualTo("the incident is already mitigating");
        assertThat(((TransitionResult.Refused) Lifecycle.check(CLOSED, OPEN)).reason())
                .contains("closed is final");
    }

    @ParameterizedTest
    @EnumSource(IncidentState.class)
    void legalTargetsMatchTheGraph(IncidentState from) {
        Set<IncidentState> expected = new HashSet<>();
        LEGAL.stream().filter(p -> p.get(0) == from).forEach(p -> expected.add(p.get(1)));

        assertThat(Lifecycle.legalTargets(from)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(IncidentState.class)
    void wireNamesRoundTrip(IncidentState state) {
        assertThat(IncidentState.fromWireName(state.wireName())).isEqualTo(state);
    }

    @Test
    void unknownWireNameIsBadInput() {
        assertThatThrownBy(() -> IncidentState.fromWireName("resolved"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("'resolved'").hasMessageContaining("open, investigating");
    }
}
