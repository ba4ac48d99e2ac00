package dev.perfguard.core.incident;

import dev.perfguard.core.incident.MitigationFacts.Containment;
import dev.perfguard.core.incident.MitigationTask.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The runbook's mitigation decision tree (step 4) as a pure function of {@link MitigationFacts}.
 *
 * <ol>
 *   <li>Needs infrastructure changes → {@link MitigationBranch#INFRASTRUCTURE}, whatever the fix
 *       estimate: a change to infrastructure is rolled out with DevOps. Actions: DM the DevOps
 *       on-call, agree a rollout plan with DevOps, canary with enhanced logging, monitor dashboards.</li>
 *   <li>Else a fix is available and its estimate is <em>strictly</em> under two hours →
 *       {@link MitigationBranch#FAST_FIX}. Actions: patch, rerun CI Lighthouse, rerun CI rag_eval,
 *       monitor dashboards. An estimate of exactly 2h is not under 2h.</li>
 *   <li>Else (no fix, or a fix of 2h or more) → {@link MitigationBranch#NO_IMMEDIATE_FIX}. A
 *       containment is required: feature-flag rollback (DM DevOps for the toggle), traffic shaping
 *       (DM DevOps) or leave live. If the change stays live (traffic shaping or leave live) a risk
 *       acceptance with who, why and an {@code until} strictly after now is required; without one
 *       the decision is refused. Actions add "review the risk acceptance" when one is given, and
 *       monitor dashboards.</li>
 * </ol>
 *
 * A containment or risk acceptance given for the other two branches is refused rather than ignored,
 * so nobody believes a rollback was planned when it was not.
 */
public final class DecisionTree {

    public static final Duration FAST_FIX_LIMIT = Duration.ofHours(2);

    private DecisionTree() {}

    /** The answer of {@link #decide}. */
    public sealed interface Result {
        MitigationBranch branch();

        /** The branch and the actions it requires, in the order to do them. */
        record Decided(MitigationBranch branch, Optional<Containment> containment,
                Optional<RiskAcceptance> riskAcceptance, List<Required> actions, boolean devopsDmNeeded)
                implements Result {
            public Decided {
                Objects.requireNonNull(branch, "branch");
                Objects.requireNonNull(containment, "containment");
                Objects.requireNonNull(riskAcceptance, "riskAcceptance");
                actions = List.copyOf(actions);
            }
        }

        /** The facts lead to {@code branch} but something that branch needs is missing or wrong. */
        record Refused(MitigationBranch branch, String reason) implements Result {
            public Refused {
                Objects.requireNonNull(branch, "branch");
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** A required action with its task title. */
    public record Required(Action action, String title) {
        public Required {
            Objects.requireNonNull(action, "action");
            Checks.text(title, "title", Checks.LONG);
        }
    }

    /** The branch the facts lead to, ignoring whether the branch's requirements are met. */
    public static MitigationBranch branchOf(MitigationFacts facts) {
        if (facts.needsInfrastructure()) {
            return MitigationBranch.INFRASTRUCTURE;
        }
        if (facts.fixAvailable() && facts.fixEstimate().orElseThrow().compareTo(FAST_FIX_LIMIT) < 0) {
            return MitigationBranch.FAST_FIX;
        }
        return MitigationBranch.NO_IMMEDIATE_FIX;
    }

    public static Result decide(MitigationFacts facts, Instant now) {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(now, "now");
        MitigationBranch branch = branchOf(facts);
        List<Required> actions = new ArrayList<>();
        switch (branch) {
            case INFRASTRUCTURE, FAST_FIX -> {
                if (facts.containment().isPresent() || facts.riskAcceptance().isPresent()) {
                    return new Result.Refused(branch, "a containment or risk acceptance applies only when there is no"
                            + " immediate fix; the facts lead to " + branch.wireName());
                }
                if (branch == MitigationBranch.INFRASTRUCTURE) {
                    actions.add(new Required(Action.DM_DEVOPS_ONCALL, "DM the DevOps on-call: infrastructure support needed"));
                    actions.add(new Required(Action.ROLLOUT_PLAN_WITH_DEVOPS, "Agree the rollout plan with DevOps"));
                    actions.add(new Required(Action.CANARY_WITH_ENHANCED_LOGGING, "Roll out as a canary with enhanced logging"));
                } else {
                    actions.add(new Required(Action.PATCH, "Implement and ship the patch (estimate "
                            + Durations.text(facts.fixEstimate().orElseThrow()) + ")"));
                    actions.add(new Required(Action.RERUN_CI_LIGHTHOUSE, "Rerun CI Lighthouse on the patched build"));
                    actions.add(new Required(Action.RERUN_CI_RAG_EVAL, "Rerun CI rag_eval on the patched build"));
                }
                actions.add(new Required(Action.MONITOR_DASHBOARDS, "Monitor the Grafana dashboards for confirmation"));
                return new Result.Decided(branch, Optional.empty(), Optional.empty(), actions,
                        branch == MitigationBranch.INFRASTRUCTURE);
            }
            case NO_IMMEDIATE_FIX -> {
                if (facts.containment().isEmpty()) {
                    return new Result.Refused(branch, "no immediate fix: choose a containment"
                            + " (feature-flag-rollback, traffic-shaping, or leave-live with a risk acceptance)");
                }
                Containment containment = facts.containment().get();
                if (containment.staysLive()) {
                    if (facts.riskAcceptance().isEmpty()) {
                        return new Result.Refused(branch, "the change stays live (" + containment.wireName()
                                + "): a risk acceptance with who, why and until when is required");
                    }
                    RiskAcceptance risk = facts.riskAcceptance().get();
                    if (!risk.until().isAfter(now)) {
                        return new Result.Refused(branch, "the risk acceptance ends at " + risk.until()
                                + ", which is not after now (" + now + "); give a future until");
                    }
                } else if (facts.riskAcceptance().isPresent()) {
                    return new Result.Refused(branch, "a feature-flag rollback takes the change out of service;"
                            + " a risk acceptance is only for changes that stay live");
                }
                boolean dm = containment != Containment.LEAVE_LIVE;
                if (dm) {
                    actions.add(new Required(Action.DM_DEVOPS_ONCALL, containment == Containment.FEATURE_FLAG_ROLLBACK
                            ? "DM the DevOps on-call: feature-flag toggle needed"
                            : "DM the DevOps on-call: traffic shaping needed"));
                }
                if (containment == Containment.FEATURE_FLAG_ROLLBACK) {
                    actions.add(new Required(Action.FEATURE_FLAG_ROLLBACK, "Roll the change back with its feature flag"));
                } else if (containment == Containment.TRAFFIC_SHAPING) {
                    actions.add(new Required(Action.TRAFFIC_SHAPING, "Shape traffic away from the change"));
                }
                facts.riskAcceptance().ifPresent(risk -> actions.add(new Required(Action.REVIEW_RISK_ACCEPTANCE,
                        "Review the risk accepted by " + risk.acceptedBy() + " before it ends at " + risk.until())));
                actions.add(new Required(Action.MONITOR_DASHBOARDS, "Monitor the Grafana dashboards for confirmation"));
                return new Result.Decided(branch, Optional.of(containment), facts.riskAcceptance(), actions, dm);
            }
        }
        throw new AssertionError(branch);
    }
}
