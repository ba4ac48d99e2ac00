package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): {@code trigger} when an incident opens,
 * {@code acknowledge} when someone takes it, {@code resolve} on close. The {@code dedup_key} is derived
 * from the incident id alone ({@link #dedupKey}), so a repeated trigger is deduplicated by PagerDuty and
 * acknowledge/resolve find the alert. The routing key travels in the body and is never logged.
 * Replies: 202 {@code {"status":"success","dedup_key":...}}; 400 (invalid event) is permanent; 429 and 5xx
 * are retried. With {@code server.public_url} configured the trigger links to the incident's page twice, as the
 * API offers: {@code client_url} (the "View in perfguard" link beside {@code client}) and the first of {@code links}.
 */
final class PagerDutyChannel implements Channel {

    static final String NAME = "pagerduty";

    private final NotifySettings.PagerDuty settings;
    private final Endpoint http;
    private final Secret routingKey;

    PagerDutyChannel(NotifySettings.PagerDuty settings, Endpoint http, Secret routingKey) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
    }

    /** The dedup key of an incident's alert: {@code perfguard-<incident id>} (at most 255 characters, as PagerDuty allows). */
    static String dedupKey(String incidentId) {
        String k = "perfguard-" + incidentId;
        return k.length() <= 255 ? k : k.substring(0, 255);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Message message) {
        return message instanceof Message.IncidentOpened || message instanceof Message.Acknowledged
                || message instanceof Message.Closed;
    }

    @Override
    public Delivery deliver(Message message, DeliveryContext context) {
        ObjectNode event = Json.object();
        event.put("routing_key", routingKey.reveal());
        event.put("dedup_key", dedupKey(message.incidentId()));
        switch (message) {
            case Message.IncidentOpened m -> trigger(event, m, context.refs().ticketUrl());
            case Message.Acknowledged m -> event.put("event_action", "acknowledge");
            case Message.Closed m -> event.put("event_action", "resolve");
            default -> {
                return new Delivery.Permanent("pagerduty does not handle " + message.kind());
            }
        }
        HttpRequest request = http.request("/v2/enqueue")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(event), StandardCharsets.UTF_8))
                .build();
        String what = "enqueue " + Json.text(event, "event_action");
        Endpoint.Outcome o = http.exchange(request, what);
        if (o.failed()) {
            return o.failure();
        }
        Optional<JsonNode> reply = Json.parse(o.reply().body());
        if (!o.reply().ok()) {
            return http.failure(o.reply(), what, reply.map(PagerDutyChannel::errors).orElse(Endpoint.describeBody(o.reply().body())));
        }
        String status = reply.map(r -> Json.text(r, "status")).orElse("");
        if (!status.equals("success")) {
            return new Delivery.Permanent(http.redact("pagerduty " + what + ": HTTP " + o.reply().status()
                    + " without status success: " + Endpoint.describeBody(o.reply().body())));
        }
        String key = reply.map(r -> Json.text(r, "dedup_key")).filter(k -> !k.isEmpty())
                .orElse(dedupKey(message.incidentId()));
        return new Delivery.Delivered(key);
    }

    private void trigger(ObjectNode event, Message.IncidentOpened m, Optional<URI> ticket) {
        event.put("event_action", "trigger");
        event.put("client", "perfguard");
        m.incidentPage().ifPresent(p -> event.put("client_url", p.toString()));
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", m.summary().length() <= 1024 ? m.summary() : m.summary().substring(0, 1024));
        payload.put("source", settings.source().isEmpty() ? m.service() : settings.source());
        payload.put("severity", settings.severity());
        payload.put("timestamp", m.openedAt().toString());
        payload.put("component", m.fingerprint());
        payload.put("class", "performance-regression");
        ObjectNode details = payload.putObject("custom_details");
        details.put("incident", m.incidentId());
        details.put("squad", m.squad());
        ticket.ifPresent(t -> details.put("ticket", t.toString()));
        ObjectNode metrics = details.putObject("metrics");
        for (Message.MetricRow r : m.metrics()) {
            ObjectNode row = metrics.putObject(r.metric());
            row.put("source", r.source());
            row.put("before", Text.withUnit(r.before(), r.unit()));
            row.put("after", Text.withUnit(r.after(), r.unit()));
            row.put("delta", Text.signed(r.delta()) + (r.unit().isEmpty() ? "" : " " + r.unit()));
            if (!r.failingQueryIds().isEmpty()) {
                row.put("failing_query_ids", String.join(", ", r.failingQueryIds()));
            }
        }
        ArrayNode links = event.putArray("links");
        m.incidentPage().ifPresent(p -> links.addObject().put("href", p.toString()).put("text", "perfguard incident " + m.incidentId()));
        ticket.ifPresent(t -> links.addObject().put("href", t.toString()).put("text", "Jira ticket"));
        for (Message.Link p : m.panels()) {
            links.addObject().put("href", p.url().toString()).put("text", p.title());
        }
    }

    /** PagerDuty's error body: {@code {"status":"invalid event","message":...,"errors":[...]}}. */
    static String errors(JsonNode body) {
        StringBuilder s = new StringBuilder(Json.text(body, "message"));
        for (JsonNode e : body.path("errors")) {
            s.append(s.isEmpty() ? "" : "; ").append(e.asText());
        }
        return s.isEmpty() ? Endpoint.describeBody(body.toString()) : s.toString();
    }

    @Override
    public String redact(String text) {
        return http.redact(text);
    }

    @Override
    public String toString() {
        return "pagerduty(" + http.base() + ")";
    }
}
