package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A required action of the chosen mitigation branch, tracked on the incident. {@code number} counts
 * from 1 within the decision; {@code doneBy}/{@code doneAt} are present exactly when it is done.
 */
public record MitigationTask(int number, Action action, String title, Optional<String> doneBy, Optional<Instant> doneAt) {

    /** The actions the decision tree can require. */
    public enum Action {
        PATCH,
        RERUN_CI_LIGHTHOUSE,
        RERUN_CI_RAG_EVAL,
        MONITOR_DASHBOARDS,
        DM_DEVOPS_ONCALL,
        ROLLOUT_PLAN_WITH_DEVOPS,
        CANARY_WITH_ENHANCED_LOGGING,
        FEATURE_FLAG_ROLLBACK,
        TRAFFIC_SHAPING,
        REVIEW_RISK_ACCEPTANCE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public MitigationTask {
        if (number < 1) {
            throw new IllegalArgumentException("task number must be at least 1, was " + number);
        }
        Objects.requireNonNull(action, "action");
        Checks.text(title, "task title", Checks.LONG);
        Objects.requireNonNull(doneBy, "doneBy");
        Objects.requireNonNull(doneAt, "doneAt");
        if (doneBy.isPresent() != doneAt.isPresent()) {
            throw new IllegalArgumentException("doneBy and doneAt go together: " + doneBy + " " + doneAt);
        }
        doneBy.ifPresent(who -> Checks.name(who, "doneBy"));
    }

    public boolean done() {
        return doneAt.isPresent();
    }
}
