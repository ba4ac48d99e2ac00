package dev.perfguard.app.server;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.FlagState;
import dev.perfguard.core.incident.FollowUp;
import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.core.incident.LoadTestFinding;
import dev.perfguard.runbook.incident.WindowOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Request bodies of the REST API. Field values are validated by the domain records they become
 * (sizes, enums, times); unknown fields are refused by the JSON reader.
 */
final class Requests {
    private Requests() {}

    record Report(Optional<String> service, List<Discrepancy> discrepancies) {}

    record Transition(IncidentState to) {}

    record Hypothesis(String rootCause, Optional<String> squad, Optional<List<FlagState>> flags) {}

    record DeployNote(String text) {}

    record LoadTest(List<String> scenarios, int concurrency, String dataRefresh, Instant start) {}

    record Cancel(String reason) {}

    record Complete(LoadTestFinding.Verdict verdict, String summary, List<LoadTestFinding.RetrievalMetric> recollected) {}

    record Window(Instant start, List<WindowOutcome> results) {}

    record Summary(String rootCause, String remediation) {}

    record Close(Optional<String> overrideReason) {}

    record FollowUpRequest(FollowUp.Kind kind, String title, Optional<String> squad) {}

    record Token(String name, String role) {}

    record RollbackRequest(Optional<String> flag, Optional<String> trafficShaping) {}

    record Deny(String reason) {}
}
