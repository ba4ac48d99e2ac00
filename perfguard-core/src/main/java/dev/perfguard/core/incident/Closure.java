package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** How an incident was closed: through the gate, or by an admin override with a recorded reason. */
public record Closure(String closedBy, Instant closedAt, Basis basis) {

    public Closure {
        Checks.name(closedBy, "closedBy");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(basis, "basis");
    }

    public sealed interface Basis {
        /** The closing gate passed with these windows (oldest first). */
        record GatePassed(List<Instant> windowStarts) implements Basis {
            public GatePassed {
                windowStarts = List.copyOf(windowStarts);
            }
        }

        /** An admin closed despite the gate; {@code overriddenProblems} are the refusals set aside. */
        record AdminOverride(String reason, List<String> overriddenProblems) implements Basis {
            public AdminOverride {
                Checks.text(reason, "override reason", Checks.LONG);
                overriddenProblems = List.copyOf(overriddenProblems);
            }
        }
    }
}
