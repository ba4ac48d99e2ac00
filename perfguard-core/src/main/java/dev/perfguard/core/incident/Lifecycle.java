package dev.perfguard.core.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The incident lifecycle as a pure rule.
 *
 * <p>Allowed moves (everything else is refused with a reason):
 *
 * <pre>
 *   open          → investigating                 (someone took the incident)
 *   investigating → mitigating                    (a mitigation was chosen)
 *   mitigating    → monitoring                    (the mitigation is live, watch the windows)
 *   monitoring    → closed                        (only through the closing gate, see {@link ClosingGate})
 *   mitigating    → investigating                 (the mitigation showed the hypothesis was wrong)
 *   monitoring    → mitigating                    (the metrics regressed again while monitoring)
 * </pre>
 *
 * Steps are never skipped, a state never moves to itself, and {@code closed} is final: a recurrence
 * after closing opens a new incident (the fingerprint only matches incidents that are not closed).
 * This class checks the graph only; closing additionally needs the gate and the summary, which
 * {@link Incident#close} enforces.
 */
public final class Lifecycle {

    private static final Map<IncidentState, Set<IncidentState>> NEXT = Map.of(
            IncidentState.OPEN, EnumSet.of(IncidentState.INVESTIGATING),
            IncidentState.INVESTIGATING, EnumSet.of(IncidentState.MITIGATING),
            IncidentState.MITIGATING, EnumSet.of(IncidentState.MONITORING, IncidentState.INVESTIGATING),
            IncidentState.MONITORING, EnumSet.of(IncidentState.CLOSED, IncidentState.MITIGATING),
            IncidentState.CLOSED, EnumSet.noneOf(IncidentState.class));

    private Lifecycle() {}

    /** The states reachable from {@code from} in one move, in declaration order. */
    public static Set<IncidentState> legalTargets(IncidentState from) {
        return Collections.unmodifiableSet(EnumSet.copyOf(NEXT.get(Objects.requireNonNull(from, "from"))));
    }

    /** Whether {@code from → to} is a move of the lifecycle, with the reason when it is not. */
    public static TransitionResult check(IncidentState from, IncidentState to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (NEXT.get(from).contains(to)) {
            return new TransitionResult.Allowed(from, to);
        }
        String reason;
        if (from == IncidentState.CLOSED) {
            reason = "the incident is closed and closed is final; a recurrence opens a new incident";
        } else if (from == to) {
            reason = "the incident is already " + from.wireName();
        } else {
            reason = "cannot move from " + from.wireName() + " to " + to.wireName() + "; from "
                    + from.wireName() + " the incident can move to " + targetsText(from);
        }
        return new TransitionResult.Refused(from, to, reason);
    }

    /** Like {@link #check} for command APIs: a refused move is a {@link ErrorCode#CONFLICT}. */
    public static void require(IncidentState from, IncidentState to) {
        if (check(from, to) instanceof TransitionResult.Refused refused) {
            throw new PerfguardException(ErrorCode.CONFLICT, refused.reason());
        }
    }

    private static String targetsText(IncidentState from) {
        return NEXT.get(from).stream()
                .sorted()
                .map(IncidentState::wireName)
                .collect(Collectors.joining(" or "));
    }
}
