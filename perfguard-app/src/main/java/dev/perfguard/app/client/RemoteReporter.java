package dev.perfguard.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.IncidentJson;
import dev.perfguard.runbook.incident.IncidentReporter;
import dev.perfguard.runbook.incident.Reported;
import dev.perfguard.runbook.incident.StoredIncident;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Files regression reports with a perfguard server ({@code POST /api/v1/incidents}): the
 * {@link IncidentReporter} of {@code check --report-to} and {@code incident open}. The server records
 * the token's name as who reported; its answer (the incident as stored) is returned.
 */
public final class RemoteReporter implements IncidentReporter {
    private final ApiClient api;

    RemoteReporter(ApiClient api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /**
     * A reporter to the server at {@code url} with the token {@code token} (read from the environment
     * variable {@code tokenEnv}); {@code USAGE} naming {@code option} and the variable when the token is missing.
     */
    public static RemoteReporter to(String url, Optional<String> token, String tokenEnv, String option) {
        if (token.isEmpty() || token.get().isBlank()) {
            throw new PerfguardException(ErrorCode.USAGE, option + " needs an API token in the environment variable " + tokenEnv);
        }
        return new RemoteReporter(new ApiClient(url, Optional.of(token.get().strip())));
    }

    @Override
    public Reported report(RegressionReport report, String who) {
        return reported(post(report));
    }

    /** Files {@code report} and returns the server's answer as it came. */
    JsonNode post(RegressionReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", report.service());
        body.put("discrepancies", report.discrepancies());
        return api.postJson(ApiClient.API + "/incidents", body);
    }

    /** Attaches {@code content} to incident {@code id} as the artefact {@code name} (the same name again replaces nothing: artefacts are added). */
    public void attach(String id, String name, byte[] content) {
        api.put(ApiClient.API + "/incidents/" + id + "/artefacts/" + name, content);
    }

    static Reported reported(JsonNode answer) {
        Incident incident = IncidentJson.read(answer.path("incident").toString(), Incident.class, "server answer");
        return new Reported(new StoredIncident(answer.path("version").asLong(), incident,
                answer.path("deployNoteCount").asLong(incident.deployNotes().size())),
                answer.path("opened").asBoolean());
    }
}
