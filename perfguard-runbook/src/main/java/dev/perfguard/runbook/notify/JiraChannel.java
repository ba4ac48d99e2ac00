package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Jira Cloud REST v3: the "Performance Regression" issue and everything that happens to it.
 *
 * <ul>
 *   <li>open: {@code POST /rest/api/3/issue} with the summary, an ADF description (metrics table,
 *       failing query IDs, panels, hypotheses, flags, squad, deploy notes, and a link to the incident's page when
 *       {@code server.public_url} is configured) and labels including the
 *       unique {@code perfguard-<incident id>}. On a retried attempt the issue is first looked up by that
 *       label ({@code GET /rest/api/3/search/jql}), so a create whose reply was lost never makes a second
 *       issue;</li>
 *   <li>milestones, the decision, load-test requests: comments ({@code POST .../comment}, ADF body) that
 *       end with a {@code perfguard-message: <dedup key>} marker, looked for before a retried comment;</li>
 *   <li>artefacts: {@code POST .../attachments} (multipart, {@code X-Atlassian-Token: no-check}), skipped
 *       on a retry when the issue already has a file of that name;</li>
 *   <li>transitions by name: {@code GET .../transitions}, the id of the one whose name (or target status)
 *       matches, {@code POST .../transitions}; never a hard-coded id;</li>
 *   <li>close: follow-up issues (each with its own unique label), linked with {@code POST /rest/api/3/issueLink},
 *       a summary comment, and the resolve transition.</li>
 * </ul>
 * Error bodies ({@code {"errorMessages":[...],"errors":{...}}}) are put into the reason.
 */
final class JiraChannel implements Channel {

    static final String NAME = "jira";
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-[0-9]+");
    static final String MARKER = "perfguard-message: ";

    private final NotifySettings.Jira settings;
    private final Endpoint http;
    private final String authorization;
    private final ArtefactSource artefacts;

    JiraChannel(NotifySettings.Jira settings, Endpoint http, Secret user, Secret token, ArtefactSource artefacts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user.reveal() + ":" + token.reveal()).getBytes(StandardCharsets.UTF_8));
        this.artefacts = Objects.requireNonNull(artefacts, "artefacts");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Message message) {
        return !(message instanceof Message.DevOpsDmNeeded);
    }

    @Override
    public Optional<URI> linkFor(String externalRef) {
        if (!ISSUE_KEY.matcher(externalRef).matches()) {
            return Optional.empty();
        }
        return Optional.of(http.uri("/browse/" + externalRef));
    }

    static String label(String incidentId) {
        return "perfguard-" + incidentId;
    }

    static String followUpLabel(String incidentId, int number) {
        return "perfguard-" + incidentId + "-followup-" + number;
    }

    @Override
    public Delivery deliver(Message message, DeliveryContext context) {
        try {
            return switch (message) {
                case Message.IncidentOpened m -> open(m, context);
                case Message.Acknowledged m -> {
                    String key = issueKey(m.incidentId(), context);
                    transition(key, settings.acknowledgeTransition(), "indeterminate");
                    comment(key, new Adf().paragraph("Acknowledged by " + m.by() + " at " + Text.time(m.at()) + "."),
                            context);
                    yield new Delivery.Delivered(key);
                }
                case Message.Milestone m -> {
                    String key = issueKey(m.incidentId(), context);
                    comment(key, new Adf().paragraph(Text.time(m.at()) + " — " + m.who() + " — " + m.what()), context);
                    yield new Delivery.Delivered(key);
                }
                case Message.MitigationDecided m -> {
                    String key = issueKey(m.incidentId(), context);
                    Adf adf = new Adf().heading(3, "Mitigation decided: " + m.branch())
                            .paragraph("Decided by " + m.decidedBy() + " at " + Text.time(m.at())
                                    + m.containment().map(c -> "; containment: " + c).orElse("")
                                    + (m.devopsDmNeeded() ? "; DevOps on-call contacted." : "."))
                            .bullets(m.tasks());
                    comment(key, adf, context);
                    yield new Delivery.Delivered(key);
                }
                case Message.LoadTestSlotRequested m -> {
                    String key = issueKey(m.incidentId(), context);
                    Adf adf = new Adf().heading(3, "Load test " + m.number() + " requested")
                            .bullets(List.of("Scenarios: " + String.join(", ", m.scenarios()),
                                    "Expected concurrency: " + m.concurrency(),
                                    "Data refresh: " + m.dataRefresh(),
                                    "Start: " + Text.time(m.start()),
                                    "Requested by: " + m.requestedBy()));
                    comment(key, adf, context);
                    yield new Delivery.Delivered(key);
                }
                case Message.ArtefactAdded m -> attach(m, context);
                case Message.Closed m -> close(m, context);
                case Message.DevOpsDmNeeded m -> new Delivery.Permanent("jira does not handle " + m.kind());
            };
        } catch (Halt f) {
            return f.delivery;
        }
    }

    // ---- open

    private Delivery open(Message.IncidentOpened m, DeliveryContext context) {
        Optional<String> stored = context.refs().of(NAME).filter(k -> ISSUE_KEY.matcher(k).matches());
        if (stored.isPresent()) {
            return new Delivery.Delivered(stored.get());
        }
        if (context.attempt() > 1) {
            Optional<String> found = findByLabel(label(m.incidentId()));
            if (found.isPresent()) {
                return new Delivery.Delivered(found.get());
            }
        }
        ObjectNode body = Json.object();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", settings.project());
        fields.putObject("issuetype").put("name", settings.issueType());
        fields.put("summary", m.summary());
        fields.set("description", description(m).doc());
        ArrayNode labels = fields.putArray("labels");
        Set<String> all = new LinkedHashSet<>(List.of("perfguard", "performance-regression"));
        all.addAll(settings.labels());
        all.add(label(m.incidentId()));
        all.forEach(labels::add);
        JsonNode created = call("POST", "/rest/api/3/issue", body, "create issue");
        String key = Json.text(created, "key");
        if (!ISSUE_KEY.matcher(key).matches()) {
            return new Delivery.Permanent("jira create issue: reply without an issue key: " + Endpoint.describeBody(created.toString()));
        }
        return new Delivery.Delivered(key);
    }

    static Adf description(Message.IncidentOpened m) {
        Adf adf = new Adf();
        adf.paragraph("perfguard opened " + m.incidentId() + " (" + m.fingerprint() + ") at " + Text.time(m.openedAt())
                + " for service " + m.service() + ".");
        m.incidentPage().ifPresent(p -> adf.link("Incident page: ", "perfguard " + m.incidentId(), p));
        adf.heading(2, "Triggering metrics");
        List<List<String>> rows = new ArrayList<>();
        Set<String> failing = new LinkedHashSet<>();
        for (Message.MetricRow r : m.metrics()) {
            rows.add(List.of(r.metric(), r.source(), Text.withUnit(r.before(), r.unit()), Text.withUnit(r.after(), r.unit()),
                    Text.signed(r.delta()) + percentSuffix(r), r.failingQueryIds().isEmpty() ? "—" : String.join(", ", r.failingQueryIds())));
            failing.addAll(r.failingQueryIds());
        }
        adf.table(List.of("metric", "source", "before", "after", "delta", "failing query IDs"), rows);
        adf.heading(2, "Failing query IDs").bullets(List.copyOf(failing));
        adf.heading(2, "Dashboards").linkBullets(m.panels());
        adf.heading(2, "Hypotheses");
        List<String> hyps = new ArrayList<>();
        Set<String> flags = new LinkedHashSet<>();
        for (Message.HypothesisRow h : m.hypotheses()) {
            hyps.add("#" + h.number() + " " + h.rootCause() + " (owner: " + h.squad() + ")");
            flags.addAll(h.flags());
        }
        adf.bullets(hyps);
        adf.heading(2, "Feature flags").bullets(List.copyOf(flags));
        adf.heading(2, "Owning squad").paragraph(m.squad());
        adf.heading(2, "Deploy notes").bullets(m.deployNotes());
        return adf;
    }

    private static String percentSuffix(Message.MetricRow r) {
        String p = Text.percent(r.before(), r.delta());
        return p.isEmpty() ? "" : " (" + p + ")";
    }

    // ---- attachments

    private Delivery attach(Message.ArtefactAdded m, DeliveryContext context) {
        String key = issueKey(m.incidentId(), context);
        if (context.attempt() > 1) {
            JsonNode issue = call("GET", "/rest/api/3/issue/" + key + "?fields=attachment", null, "read attachments");
            for (JsonNode a : issue.path("fields").path("attachment")) {
                if (m.name().equals(Json.text(a, "filename"))) {
                    return new Delivery.Delivered(key + "/attachment/" + Json.text(a, "id"));
                }
            }
        }
        byte[] bytes = artefacts.read(m.incidentId(), m.name(), m.sha256()).orElse(null);
        if (bytes == null) {
            return new Delivery.Permanent("jira attach " + m.name() + ": the store has no artefact with sha256 " + m.sha256());
        }
        String boundary = "perfguard-" + UUID.nameUUIDFromBytes(m.sha256().getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + m.name()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = http.request("/rest/api/3/issue/" + key + "/attachments")
                .header("Authorization", authorization)
                .header("X-Atlassian-Token", "no-check")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                .build();
        JsonNode reply = exchange(request, "attach " + m.name());
        String id = reply.isArray() && !reply.isEmpty() ? Json.text(reply.get(0), "id") : "";
        return new Delivery.Delivered(key + "/attachment/" + id);
    }

    // ---- close

    private Delivery close(Message.Closed m, DeliveryContext context) {
        String key = issueKey(m.incidentId(), context);
        List<String> filed = new ArrayList<>();
        for (Message.FollowUpRow f : m.followUps()) {
            filed.add(followUp(key, m.incidentId(), m.incidentPage(), f));
        }
        Adf adf = new Adf().heading(3, "Closed by " + m.closedBy() + " at " + Text.time(m.at()))
                .paragraph(m.basis())
                .heading(4, "Root cause").paragraph(m.rootCause())
                .heading(4, "Remediation").paragraph(m.remediation())
                .heading(4, "Follow-ups").bullets(filed);
        comment(key, adf, context);
        transition(key, settings.resolveTransition(), "done");
        return new Delivery.Delivered(key);
    }

    private String followUp(String parent, String incidentId, Optional<URI> page, Message.FollowUpRow f) {
        String label = followUpLabel(incidentId, f.number());
        Optional<String> existing = findByLabel(label);
        String key;
        boolean linked = false;
        if (existing.isPresent()) {
            key = existing.get();
            JsonNode issue = call("GET", "/rest/api/3/issue/" + key + "?fields=issuelinks", null, "read links of " + key);
            for (JsonNode l : issue.path("fields").path("issuelinks")) {
                if (parent.equals(l.path("inwardIssue").path("key").asText())
                        || parent.equals(l.path("outwardIssue").path("key").asText())) {
                    linked = true;
                }
            }
        } else {
            ObjectNode body = Json.object();
            ObjectNode fields = body.putObject("fields");
            fields.putObject("project").put("key", settings.project());
            fields.putObject("issuetype").put("name", settings.followUpIssueType());
            fields.put("summary", "[" + incidentId + " follow-up " + f.number() + "] " + f.title());
            Adf description = new Adf()
                    .paragraph("Follow-up " + f.number() + " (" + f.kind() + ") of " + incidentId + " (" + parent + ").")
                    .paragraph("Squad: " + f.squad());
            page.ifPresent(p -> description.link("Incident page: ", "perfguard " + incidentId, p));
            fields.set("description", description.doc());
            ArrayNode labels = fields.putArray("labels");
            labels.add("perfguard");
            labels.add(label);
            key = Json.text(call("POST", "/rest/api/3/issue", body, "create follow-up " + f.number()), "key");
            if (!ISSUE_KEY.matcher(key).matches()) {
                throw new Halt(new Delivery.Permanent("jira create follow-up " + f.number() + ": reply without an issue key"));
            }
        }
        if (!linked) {
            ObjectNode link = Json.object();
            link.putObject("type").put("name", settings.linkType());
            link.putObject("inwardIssue").put("key", parent);
            link.putObject("outwardIssue").put("key", key);
            call("POST", "/rest/api/3/issueLink", link, "link " + key + " to " + parent);
        }
        return key + ": " + f.title();
    }

    // ---- shared steps

    private String issueKey(String incidentId, DeliveryContext context) {
        Optional<String> stored = context.refs().of(NAME).filter(k -> ISSUE_KEY.matcher(k).matches());
        if (stored.isPresent()) {
            return stored.get();
        }
        return findByLabel(label(incidentId)).orElseThrow(() -> new Halt(new Delivery.Retry(Duration.ofSeconds(30),
                "jira: no issue labelled " + label(incidentId) + " yet (the opening message is not delivered)")));
    }

    private Optional<String> findByLabel(String label) {
        String jql = "project = \"" + settings.project() + "\" AND labels = \"" + label + "\" ORDER BY created ASC";
        JsonNode found = call("GET", "/rest/api/3/search/jql?jql=" + URLEncoder.encode(jql, StandardCharsets.UTF_8)
                + "&fields=key&maxResults=1", null, "search label " + label);
        for (JsonNode issue : found.path("issues")) {
            String key = Json.text(issue, "key");
            if (ISSUE_KEY.matcher(key).matches()) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private void comment(String key, Adf adf, DeliveryContext context) {
        String marker = MARKER + context.dedupKey();
        if (context.attempt() > 1) {
            JsonNode comments = call("GET", "/rest/api/3/issue/" + key + "/comment?orderBy=-created&maxResults=100", null,
                    "read comments of " + key);
            for (JsonNode c : comments.path("comments")) {
                if (c.path("body").toString().contains(marker)) {
                    return;
                }
            }
        }
        ObjectNode body = Json.object();
        body.set("body", adf.paragraph(marker).doc());
        call("POST", "/rest/api/3/issue/" + key + "/comment", body, "comment on " + key);
    }

    /**
     * Moves the issue by the transition named {@code name} (or leading to a status of that name). When no
     * such transition is available and the issue's status category is already {@code category} (or done),
     * there is nothing to do; otherwise it is a permanent failure naming the transitions there are.
     */
    private void transition(String key, String name, String category) {
        JsonNode available = call("GET", "/rest/api/3/issue/" + key + "/transitions", null, "list transitions of " + key);
        List<String> names = new ArrayList<>();
        for (JsonNode t : available.path("transitions")) {
            String tName = Json.text(t, "name");
            names.add(tName);
            if (tName.equalsIgnoreCase(name) || Json.text(t.path("to"), "name").equalsIgnoreCase(name)) {
                ObjectNode body = Json.object();
                body.putObject("transition").put("id", Json.text(t, "id"));
                call("POST", "/rest/api/3/issue/" + key + "/transitions", body, "transition " + key + " by '" + name + "'");
                return;
            }
        }
        JsonNode issue = call("GET", "/rest/api/3/issue/" + key + "?fields=status", null, "read status of " + key);
        JsonNode status = issue.path("fields").path("status");
        String statusName = Json.text(status, "name");
        String statusCategory = Json.text(status.path("statusCategory"), "key");
        if (statusName.equalsIgnoreCase(name) || statusCategory.equals(category) || statusCategory.equals("done")) {
            return;
        }
        throw new Halt(new Delivery.Permanent("jira: issue " + key + " in status '" + statusName
                + "' has no transition named '" + name + "'; available: " + String.join(", ", names)));
    }

    private JsonNode call(String method, String path, JsonNode body, String what) {
        HttpRequest.Builder b = http.request(path).header("Authorization", authorization);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        return exchange(b.build(), what);
    }

    private JsonNode exchange(HttpRequest request, String what) {
        Endpoint.Outcome o = http.exchange(request, what);
        if (o.failed()) {
            throw new Halt(o.failure());
        }
        if (!o.reply().ok()) {
            throw new Halt(http.failure(o.reply(), what, errors(o.reply().body())));
        }
        return Json.parse(o.reply().body()).orElse(Json.object());
    }

    /** Jira's error body as text: the {@code errorMessages} joined, then each {@code errors} field: message. */
    static String errors(String body) {
        Optional<JsonNode> json = Json.parse(body);
        if (json.isEmpty() || !json.get().isObject()
                || (!json.get().has("errorMessages") && !json.get().has("errors"))) {
            return Endpoint.describeBody(body);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode m : json.get().path("errorMessages")) {
            parts.add(m.asText());
        }
        json.get().path("errors").fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
        return String.join("; ", parts);
    }

    @Override
    public String redact(String text) {
        return http.redact(text);
    }

    @Override
    public String toString() {
        return "jira(" + http.base() + ", project " + settings.project().toUpperCase(Locale.ROOT) + ")";
    }
}
