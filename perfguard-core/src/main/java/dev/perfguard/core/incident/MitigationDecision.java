package dev.perfguard.core.incident;

import dev.perfguard.core.incident.MitigationFacts.Containment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The mitigation decided on an incident: the facts, the branch, its tracked tasks, who decided and when. */
public record MitigationDecision(MitigationFacts facts, MitigationBranch branch, Optional<Containment> containment,
        Optional<RiskAcceptance> riskAcceptance, List<MitigationTask> tasks, boolean devopsDmNeeded,
        String decidedBy, Instant decidedAt) {
    public MitigationDecision {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(containment, "containment");
        Objects.requireNonNull(riskAcceptance, "riskAcceptance");
        tasks = Checks.list(tasks, "tasks");
        Checks.name(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
