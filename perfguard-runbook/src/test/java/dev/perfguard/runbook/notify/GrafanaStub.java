package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Grafana HTTP API annotations as documented: {@code POST /api/annotations} with a Bearer token (401
 * {@code {"message":"Unauthorized"}} otherwise), {@code text} required (400 otherwise), 200
 * {@code {"message":"Annotation added","id":N}}; {@code GET /api/annotations?tags=..&from=..&to=..} lists
 * the annotations carrying all the tags.
 */
final class GrafanaStub implements AutoCloseable {

    static final String TOKEN = "glsa_grafanaServiceAccountSecret_1234";

    final List<JsonNode> annotations = new ArrayList<>();
    final Stub server;

    GrafanaStub() {
        server = new Stub(this::handle);
    }

    synchronized Stub.Reply handle(Stub.Request r) {
        if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
            return Stub.Reply.json(401, "{\"message\":\"Unauthorized\"}");
        }
        if (!r.path().equals("/api/annotations")) {
            return Stub.Reply.json(404, "{\"message\":\"Not found\"}");
        }
        if (r.method().equals("POST")) {
            JsonNode b = Json.parse(r.bodyText()).orElse(Json.object());
            if (b.path("text").asText().isEmpty()) {
                return Stub.Reply.json(400, "{\"message\":\"bad request data\"}");
            }
            ObjectNode stored = ((ObjectNode) b.deepCopy()).put("id", annotations.size() + 1);
            annotations.add(stored);
            return Stub.Reply.json(200, "{\"message\":\"Annotation added\",\"id\":" + annotations.size() + "}");
        }
        List<String> tags = r.params("tags");
        long from = Long.parseLong(r.param("from") == null ? "0" : r.param("from"));
        long to = Long.parseLong(r.param("to") == null ? String.valueOf(Long.MAX_VALUE) : r.param("to"));
        ArrayNode out = Json.array();
        for (JsonNode a : annotations) {
            List<String> has = new ArrayList<>();
            a.path("tags").forEach(t -> has.add(t.asText()));
            long time = a.path("time").asLong();
            if (has.containsAll(tags) && time >= from && time <= to) {
                out.add(a);
            }
        }
        return Stub.Reply.json(200, Json.write(out));
    }

    @Override
    public void close() {
        server.close();
    }
}
