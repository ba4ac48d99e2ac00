package dev.perfguard.core.incident;

import java.util.Objects;

/** The answer of {@link Lifecycle#check}: the move is allowed, or it is refused with a reason. */
public sealed interface TransitionResult {

    IncidentState from();

    IncidentState to();

    /** The move {@code from → to} is part of the lifecycle. */
    record Allowed(IncidentState from, IncidentState to) implements TransitionResult {
        public Allowed {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** The move is not part of the lifecycle; {@code reason} is a sentence for a person. */
    record Refused(IncidentState from, IncidentState to, String reason) implements TransitionResult {
        public Refused {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
