package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Cloud REST v3 as documented, in memory: basic auth (401 otherwise), create issue with the
 * required fields (400 with {@code errorMessages}/{@code errors} otherwise), JQL search by label,
 * comments with ADF bodies, transitions by id from the issue's current status, attachments (403 without
 * {@code X-Atlassian-Token: no-check}), issue links, and status lookups.
 */
final class JiraStub implements AutoCloseable {

    static final String USER = "perfguard-bot@example.com";
    static final String TOKEN = "ATATT3xFfGF0-jira-secret-token-0123456789";
    private static final Pattern ISSUE = Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)(/[a-z]+)?");
    private static final Pattern LABEL_JQL = Pattern.compile("labels = \"([^\"]+)\"");

    /** One issue. */
    static final class Issue {
        final String key;
        final String id;
        final JsonNode fields;
        final List<String> labels = new ArrayList<>();
        final List<JsonNode> comments = new ArrayList<>();
        final List<String> attachments = new ArrayList<>();
        final List<String[]> links = new ArrayList<>();
        String status = "To Do";

        Issue(String key, String id, JsonNode fields) {
            this.key = key;
            this.id = id;
            this.fields = fields;
            fields.path("labels").forEach(l -> labels.add(l.asText()));
        }
    }

    final Map<String, Issue> issues = new LinkedHashMap<>();
    final Stub server;
    volatile boolean loseNextCreateReply;

    JiraStub() {
        server = new Stub(this::handle);
    }

    synchronized Stub.Reply handle(Stub.Request r) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(r.header("Authorization"))) {
            return Stub.Reply.json(401, "{\"errorMessages\":[\"You are not authenticated. Authentication required to perform this operation.\"],\"errors\":{}}");
        }
        if (r.method().equals("POST") && r.path().equals("/rest/api/3/issue")) {
            return create(r);
        }
        if (r.method().equals("GET") && r.path().equals("/rest/api/3/search/jql")) {
            String jql = r.param("jql");
            if (jql == null || jql.isBlank()) {
                return Stub.Reply.json(400, "{\"errorMessages\":[\"The JQL query is required.\"],\"errors\":{}}");
            }
            Matcher m = LABEL_JQL.matcher(jql);
            ObjectNode out = Json.object();
            ArrayNode found = out.putArray("issues");
            if (m.find()) {
                for (Issue i : issues.values()) {
                    if (i.labels.contains(m.group(1))) {
                        found.addObject().put("id", i.id).put("key", i.key);
                    }
                }
            }
            out.put("isLast", true);
            return Stub.Reply.json(200, Json.write(out));
        }
        if (r.method().equals("POST") && r.path().equals("/rest/api/3/issueLink")) {
            JsonNode b = r.json();
            Issue in = issues.get(b.path("inwardIssue").path("key").asText());
            Issue out = issues.get(b.path("outwardIssue").path("key").asText());
            if (b.path("type").path("name").asText().isEmpty()) {
                return Stub.Reply.json(400, "{\"errorMessages\":[\"Issue link type is required.\"],\"errors\":{}}");
            }
            if (!b.path("type").path("name").asText().equals("Relates")) {
                return Stub.Reply.json(404, "{\"errorMessages\":[\"No issue link type with name '" + b.path("type").path("name").asText() + "' found.\"],\"errors\":{}}");
            }
            if (in == null || out == null) {
                return Stub.Reply.json(404, "{\"errorMessages\":[\"Issue Does Not Exist\"],\"errors\":{}}");
            }
            in.links.add(new String[] {in.key, out.key});
            out.links.add(new String[] {in.key, out.key});
            return Stub.Reply.empty(201);
        }
        Matcher m = ISSUE.matcher(r.path());
        if (!m.matches()) {
            return Stub.Reply.json(404, "{\"errorMessages\":[\"not found: " + r.path() + "\"],\"errors\":{}}");
        }
        Issue issue = issues.get(m.group(1));
        if (issue == null) {
            return Stub.Reply.json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}");
        }
        String sub = m.group(2) == null ? "" : m.group(2);
        return switch (r.method() + " " + sub) {
            case "GET " -> {
                ObjectNode out = Json.object();
                out.put("key", issue.key);
                ObjectNode fields = out.putObject("fields");
                ObjectNode status = fields.putObject("status");
                status.put("name", issue.status);
                status.putObject("statusCategory").put("key", switch (issue.status) {
                    case "To Do" -> "new";
                    case "Done" -> "done";
                    default -> "indeterminate";
                });
                ArrayNode att = fields.putArray("attachment");
                for (int i = 0; i < issue.attachments.size(); i++) {
                    att.addObject().put("id", String.valueOf(10_000 + i)).put("filename", issue.attachments.get(i));
                }
                ArrayNode links = fields.putArray("issuelinks");
                for (String[] l : issue.links) {
                    ObjectNode link = links.addObject();
                    if (l[0].equals(issue.key)) {
                        link.putObject("outwardIssue").put("key", l[1]);
                    } else {
                        link.putObject("inwardIssue").put("key", l[0]);
                    }
                }
                yield Stub.Reply.json(200, Json.write(out));
            }
            case "POST /comment" -> {
                JsonNode body = r.json().path("body");
                if (!body.path("type").asText().equals("doc") || body.path("version").asInt() != 1) {
                    yield Stub.Reply.json(400, "{\"errorMessages\":[],\"errors\":{\"comment\":\"Comment body is not valid!\"}}");
                }
                issue.comments.add(body);
                yield Stub.Reply.json(201, "{\"id\":\"" + (20_000 + issue.comments.size()) + "\",\"body\":" + body + "}");
            }
            case "GET /comment" -> {
                ObjectNode out = Json.object();
                ArrayNode cs = out.putArray("comments");
                for (int i = 0; i < issue.comments.size(); i++) {
                    cs.addObject().put("id", String.valueOf(20_001 + i)).set("body", issue.comments.get(i));
                }
                out.put("total", issue.comments.size());
                yield Stub.Reply.json(200, Json.write(out));
            }
            case "GET /transitions" -> {
                ObjectNode out = Json.object();
                ArrayNode ts = out.putArray("transitions");
                for (String[] t : transitionsFrom(issue.status)) {
                    ObjectNode tn = ts.addObject().put("id", t[0]).put("name", t[1]);
                    tn.putObject("to").put("name", t[2]);
                }
                yield Stub.Reply.json(200, Json.write(out));
            }
            case "POST /transitions" -> {
                String id = r.json().path("transition").path("id").asText();
                for (String[] t : transitionsFrom(issue.status)) {
                    if (t[0].equals(id)) {
                        issue.status = t[2];
                        yield Stub.Reply.empty(204);
                    }
                }
                yield Stub.Reply.json(400, "{\"errorMessages\":[\"Transition id '" + id + "' is not valid for this issue.\"],\"errors\":{}}");
            }
            case "POST /attachments" -> {
                if (!"no-check".equals(r.header("X-Atlassian-Token"))) {
                    yield Stub.Reply.json(403, "{\"message\":\"XSRF check failed\"}");
                }
                String ct = r.header("Content-Type");
                Matcher fm = Pattern.compile("name=\"file\"; filename=\"([^\"]+)\"").matcher(r.bodyText());
                if (ct == null || !ct.startsWith("multipart/form-data; boundary=") || !fm.find()) {
                    yield Stub.Reply.json(415, "{\"errorMessages\":[\"multipart form with a file part required\"],\"errors\":{}}");
                }
                issue.attachments.add(fm.group(1));
                yield Stub.Reply.json(200, "[{\"id\":\"" + (10_000 + issue.attachments.size() - 1) + "\",\"filename\":\"" + fm.group(1) + "\"}]");
            }
            default -> Stub.Reply.json(405, "{\"errorMessages\":[\"method not allowed\"],\"errors\":{}}");
        };
    }

    /** The workflow: To Do -(Start work)-> In Progress -(Resolve issue)-> Done, and To Do -(Resolve issue)-> Done; ids are arbitrary. */
    private static List<String[]> transitionsFrom(String status) {
        return switch (status) {
            case "To Do" -> List.of(new String[] {"711", "Start work", "In Progress"}, new String[] {"741", "Resolve issue", "Done"});
            case "In Progress" -> List.of(new String[] {"741", "Resolve issue", "Done"}, new String[] {"751", "Stop work", "To Do"});
            default -> List.<String[]>of(new String[] {"761", "Reopen", "To Do"});
        };
    }

    private Stub.Reply create(Stub.Request r) {
        JsonNode fields = r.json().path("fields");
        Map<String, String> errors = new LinkedHashMap<>();
        if (!fields.path("project").path("key").asText().equals("PERF")) {
            errors.put("project", "valid project is required");
        }
        if (fields.path("issuetype").path("name").asText().isEmpty()) {
            errors.put("issuetype", "Specify an issue type");
        }
        if (fields.path("summary").asText().isEmpty()) {
            errors.put("summary", "You must specify a summary of the issue.");
        }
        JsonNode d = fields.get("description");
        if (d != null && (!d.path("type").asText().equals("doc") || d.path("version").asInt() != 1)) {
            errors.put("description", "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
        }
        for (JsonNode l : fields.path("labels")) {
            if (l.asText().contains(" ")) {
                errors.put("labels", "The label '" + l.asText() + "' contains spaces which is invalid.");
            }
        }
        if (!errors.isEmpty()) {
            ObjectNode out = Json.object();
            out.putArray("errorMessages");
            ObjectNode e = out.putObject("errors");
            errors.forEach(e::put);
            return Stub.Reply.json(400, Json.write(out));
        }
        int n = issues.size() + 1;
        Issue issue = new Issue("PERF-" + (23 + n), String.valueOf(10_000 + n), fields);
        issues.put(issue.key, issue);
        if (loseNextCreateReply) {
            loseNextCreateReply = false;
            return Stub.Reply.json(504, "{\"errorMessages\":[\"Gateway timeout\"],\"errors\":{}}");
        }
        return Stub.Reply.json(201, "{\"id\":\"" + issue.id + "\",\"key\":\"" + issue.key + "\",\"self\":\"" + server.url()
                + "/rest/api/3/issue/" + issue.id + "\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
