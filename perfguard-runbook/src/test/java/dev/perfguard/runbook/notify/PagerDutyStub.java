package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty Events API v2 as documented: {@code POST /v2/enqueue} with a JSON event; 400
 * {@code {"status":"invalid event","message":"Event object is invalid","errors":[...]}} for a missing or
 * wrong field; 202 {@code {"status":"success","message":"Event processed","dedup_key":...}}. Alerts are
 * kept by dedup key, so a repeated trigger updates the same alert.
 */
public final class PagerDutyStub implements AutoCloseable {

    /** Made up, in the shape of a real integration key: 32 hex digits. */
    public static final String ROUTING_KEY = "e93facc04764012d7bfb002500d5d1a6";
    private static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    /** Alert state by dedup key: triggered, acknowledged, resolved. */
    public final Map<String, String> alerts = new LinkedHashMap<>();
    int triggers;
    public final Stub server;

    public PagerDutyStub() {
        server = new Stub(this::handle);
    }

    public synchronized Stub.Reply handle(Stub.Request r) {
        if (!r.method().equals("POST") || !r.path().equals("/v2/enqueue")) {
            return Stub.Reply.json(404, "{\"status\":\"not found\"}");
        }
        JsonNode e = Json.parse(r.bodyText()).orElse(null);
        if (e == null) {
            return invalid("Event object is invalid", "request body is not JSON");
        }
        String key = e.path("routing_key").asText();
        if (key.length() != 32) {
            return invalid("Event object is invalid", "'routing_key' must be 32 characters");
        }
        if (!key.equals(ROUTING_KEY)) {
            return invalid("Event object is invalid", "Invalid routing key");
        }
        String action = e.path("event_action").asText();
        String dedup = e.path("dedup_key").asText();
        if (dedup.length() > 255) {
            return invalid("Event object is invalid", "'dedup_key' must be at most 255 characters");
        }
        switch (action) {
            case "trigger" -> {
                JsonNode p = e.path("payload");
                if (p.path("summary").asText().isEmpty() || p.path("source").asText().isEmpty()
                        || !SEVERITIES.contains(p.path("severity").asText())) {
                    return invalid("Event object is invalid", "'payload' requires summary, source and a valid severity");
                }
                triggers++;
                alerts.put(dedup, "triggered");
            }
            case "acknowledge", "resolve" -> {
                if (dedup.isEmpty()) {
                    return invalid("Event object is invalid", "'dedup_key' is required for " + action);
                }
                alerts.put(dedup, action.equals("resolve") ? "resolved" : "acknowledged");
            }
            default -> {
                return invalid("Event object is invalid", "'event_action' is invalid (must be trigger, acknowledge or resolve)");
            }
        }
        return Stub.Reply.json(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedup + "\"}");
    }

    private static Stub.Reply invalid(String message, String error) {
        return Stub.Reply.json(400, "{\"status\":\"invalid event\",\"message\":\"" + message + "\",\"errors\":[\"" + error + "\"]}");
    }

    @Override
    public void close() {
        server.close();
    }
}
