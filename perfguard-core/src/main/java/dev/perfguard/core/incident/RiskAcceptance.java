package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.Objects;

/** Who accepts the risk of leaving a regressing change live, why, and until when the acceptance holds. */
public record RiskAcceptance(String acceptedBy, String reason, Instant until) {
    public RiskAcceptance {
        Checks.name(acceptedBy, "risk acceptance acceptedBy");
        Checks.text(reason, "risk acceptance reason", Checks.LONG);
        Objects.requireNonNull(until, "risk acceptance until");
    }
}
