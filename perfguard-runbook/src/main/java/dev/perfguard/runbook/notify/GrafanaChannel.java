package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Grafana HTTP API annotations ({@code POST /api/annotations}, {@code Authorization: Bearer} with a
 * service-account token) at open, mitigation and close, tagged {@code perfguard}, {@code incident:<id>} and
 * {@code event:<kind>}. Time is epoch milliseconds. Without a dashboard UID the annotation is an
 * organisation-wide one, which every dashboard can show through an annotation query on the tags. On a
 * retried attempt an annotation with the same tags at the same time is looked up first
 * ({@code GET /api/annotations?tags=...}) so a lost reply does not annotate twice.
 */
final class GrafanaChannel implements Channel {

    static final String NAME = "grafana";

    private final NotifySettings.Grafana settings;
    private final Endpoint http;
    private final String authorization;

    GrafanaChannel(NotifySettings.Grafana settings, Endpoint http, Secret token) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.authorization = "Bearer " + token.reveal();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Message message) {
        return message instanceof Message.IncidentOpened || message instanceof Message.MitigationDecided
                || message instanceof Message.Closed;
    }

    @Override
    public Delivery deliver(Message message, DeliveryContext context) {
        Instant at;
        String text;
        switch (message) {
            case Message.IncidentOpened m -> {
                at = m.openedAt();
                text = m.summary();
            }
            case Message.MitigationDecided m -> {
                at = m.at();
                text = m.incidentId() + " mitigation: " + m.branch() + m.containment().map(c -> " (" + c + ")").orElse("");
            }
            case Message.Closed m -> {
                at = m.at();
                text = m.incidentId() + " closed: " + m.basis();
            }
            default -> {
                return new Delivery.Permanent("grafana does not handle " + message.kind());
            }
        }
        List<String> tags = List.of("perfguard", "incident:" + message.incidentId(), "event:" + message.kind());
        try {
            if (context.attempt() > 1) {
                Optional<String> existing = find(tags, at);
                if (existing.isPresent()) {
                    return new Delivery.Delivered("annotation:" + existing.get());
                }
            }
            ObjectNode body = Json.object();
            settings.dashboardUid().ifPresent(uid -> body.put("dashboardUID", uid));
            body.put("time", at.toEpochMilli());
            ArrayNode t = body.putArray("tags");
            tags.forEach(t::add);
            body.put("text", text + context.refs().ticketUrl().map(u -> " — " + u).orElse("")
                    + message.incidentPage().map(u -> " — " + u).orElse(""));
            HttpRequest request = http.request("/api/annotations")
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                    .build();
            JsonNode reply = exchange(request, "create annotation");
            String id = Json.text(reply, "id");
            if (id.isEmpty()) {
                return new Delivery.Permanent("grafana create annotation: reply without id: " + Endpoint.describeBody(reply.toString()));
            }
            return new Delivery.Delivered("annotation:" + id);
        } catch (Halt h) {
            return h.delivery;
        }
    }

    private Optional<String> find(List<String> tags, Instant at) {
        StringBuilder q = new StringBuilder("/api/annotations?type=annotation&limit=10&from=").append(at.toEpochMilli())
                .append("&to=").append(at.toEpochMilli());
        for (String tag : tags) {
            q.append("&tags=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
        }
        HttpRequest request = http.request(q.toString()).header("Authorization", authorization).GET().build();
        JsonNode found = exchange(request, "find annotation");
        for (JsonNode a : found) {
            if (a.path("time").asLong(-1) == at.toEpochMilli()) {
                return Optional.of(Json.text(a, "id"));
            }
        }
        return Optional.empty();
    }

    private JsonNode exchange(HttpRequest request, String what) {
        Endpoint.Outcome o = http.exchange(request, what);
        if (o.failed()) {
            throw new Halt(o.failure());
        }
        if (!o.reply().ok()) {
            String detail = Json.parse(o.reply().body()).map(r -> Json.text(r, "message"))
                    .filter(s -> !s.isEmpty()).orElse(Endpoint.describeBody(o.reply().body()));
            throw new Halt(http.failure(o.reply(), what, detail));
        }
        return Json.parse(o.reply().body()).orElse(Json.object());
    }

    @Override
    public String redact(String text) {
        return http.redact(text);
    }

    @Override
    public String toString() {
        return "grafana(" + http.base() + ")";
    }
}
