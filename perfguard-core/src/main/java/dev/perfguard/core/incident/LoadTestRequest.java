package dev.perfguard.core.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A load-test slot request on an incident ({@code number} counts from 1 within the incident). A
 * finding is present exactly when the request is {@code done}.
 */
public record LoadTestRequest(int number, LoadTestPlan plan, String requestedBy, Instant requestedAt,
        LoadTestState state, Optional<LoadTestFinding> finding) {

    public LoadTestRequest {
        if (number < 1) {
            throw new IllegalArgumentException("load test number must be at least 1, was " + number);
        }
        Objects.requireNonNull(plan, "plan");
        Checks.name(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(finding, "finding");
        if ((state == LoadTestState.DONE) != finding.isPresent()) {
            throw new IllegalArgumentException("a load test has a finding exactly when it is done: " + state + " " + finding);
        }
    }

    /** The request moved to {@code next}; an illegal move is a {@code CONFLICT}. */
    LoadTestRequest moveTo(LoadTestState next, Optional<LoadTestFinding> newFinding) {
        if (!state.canMoveTo(next)) {
            throw new PerfguardException(ErrorCode.CONFLICT, "load test " + number + " is " + state.wireName()
                    + " and cannot become " + next.wireName());
        }
        return new LoadTestRequest(number, plan, requestedBy, requestedAt, next, newFinding);
    }
}
