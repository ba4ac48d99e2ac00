package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraChannelTest {

    private final JiraStub jira = new JiraStub();
    private final Channel channel = TestEnv.jiraChannel(jira.server.url(),
            (incident, name, sha) -> Optional.of(("{\"ndcg\":0.69}").getBytes(StandardCharsets.UTF_8)));

    @AfterEach
    void stop() {
        jira.server.close();
    }

    private static DeliveryContext first(Message m) {
        return DeliveryContext.first(Channels.dedupKey(m, "jira"));
    }

    private static DeliveryContext withKey(Message m, int attempt, String key) {
        return TestEnv.ctx(attempt, Channels.dedupKey(m, "jira"), Map.of("jira", key), Optional.empty());
    }

    @Test
    void createsTheIssueWithTheTemplateFieldsAndTheUniqueLabel() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();

        Delivery d = channel.deliver(m, first(m));

        assertThat(d).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.server.requests()).hasSize(1);
        Stub.Request r = jira.server.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/rest/api/3/issue");
        assertThat(r.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((JiraStub.USER + ":" + JiraStub.TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode f = r.json().path("fields");
        assertThat(f.path("project").path("key").asText()).isEqualTo("PERF");
        assertThat(f.path("issuetype").path("name").asText()).isEqualTo("Bug");
        assertThat(f.path("summary").asText())
                .isEqualTo("Performance regression INC-7: rag.ndcg_cut_10{dataset=golden}, rag.recall_100{dataset=golden} on theo-engine-web");
        List<String> labels = new ArrayList<>();
        f.path("labels").forEach(l -> labels.add(l.asText()));
        assertThat(labels).containsExactly("perfguard", "performance-regression", "theo-engine-web", "perfguard-INC-7");
        JsonNode doc = f.path("description");
        assertThat(doc.path("type").asText()).isEqualTo("doc");
        assertThat(doc.path("version").asInt()).isEqualTo(1);
        // the metrics table: header row + one row per metric
        JsonNode table = null;
        for (JsonNode n : doc.path("content")) {
            if (n.path("type").asText().equals("table")) {
                table = n;
            }
        }
        assertThat(table).isNotNull();
        assertThat(table.path("content")).hasSize(3);
        assertThat(cellTexts(table.path("content").get(1))).containsExactly("rag.ndcg_cut_10{dataset=golden}",
                "rag_eval golden", "0.7412", "0.6931", "-0.0481 (-6.5%)", "q-0017, q-0342");
        String all = doc.toString();
        assertThat(all).contains("Failing query IDs", "q-0017", "RAG Retrieval Quality",
                "https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2",
                "#1 Reranker v2 truncates passages to 256 tokens. (owner: search-quality (rule rag.*))",
                "reranker_v2=on", "hybrid_search=25%", "Owning squad", "search-quality", "deploy 8f3c2a1: reranker v2 at 100%");
    }

    private static List<String> cellTexts(JsonNode row) {
        List<String> out = new ArrayList<>();
        for (JsonNode cell : row.path("content")) {
            out.add(cell.path("content").get(0).path("content").get(0).path("text").asText());
        }
        return out;
    }

    @Test
    void aRetriedCreateFindsTheLabelledIssueAndDoesNotCreateASecond() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        jira.loseNextCreateReply = true; // Jira creates the issue, the reply is lost (504)

        Delivery d1 = channel.deliver(m, first(m));
        Delivery d2 = channel.deliver(m, TestEnv.ctx(2, Channels.dedupKey(m, "jira"), Map.of(), Optional.empty()));

        assertThat(d1).isInstanceOf(Delivery.Retry.class);
        assertThat(d2).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.issues).hasSize(1);
        assertThat(jira.server.requests("POST", "/rest/api/3/issue")).hasSize(1);
        Stub.Request search = jira.server.requests("GET", "/rest/api/3/search/jql").get(0);
        assertThat(search.param("jql")).isEqualTo("project = \"PERF\" AND labels = \"perfguard-INC-7\" ORDER BY created ASC");
        assertThat(search.param("fields")).isEqualTo("key");
    }

    @Test
    void aRetryBeforeAnyIssueExistsSearchesThenCreatesOnce() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        jira.server.failNext(Stub.Reply.json(503, "{\"errorMessages\":[\"Service Unavailable\"],\"errors\":{}}"));

        Delivery d1 = channel.deliver(m, first(m));
        Delivery d2 = channel.deliver(m, TestEnv.ctx(2, Channels.dedupKey(m, "jira"), Map.of(), Optional.empty()));

        assertThat(d1).isInstanceOf(Delivery.Retry.class);
        assertThat(((Delivery.Retry) d1).reason()).contains("HTTP 503", "Service Unavailable");
        assertThat(d2).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.issues).hasSize(1);
        assertThat(jira.server.requests().stream().map(r -> r.method() + " " + r.path()).toList()).containsExactly(
                "POST /rest/api/3/issue", "GET /rest/api/3/search/jql", "POST /rest/api/3/issue");
    }

    @Test
    void aStoredKeyIsNotCreatedAgain() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        assertThat(channel.deliver(m, withKey(m, 3, "PERF-9"))).isEqualTo(new Delivery.Delivered("PERF-9"));
        assertThat(jira.server.requests()).isEmpty();
    }

    @Test
    void errorBodiesAreSurfacedAndA400IsPermanent() {
        Channel wrongProject = TestEnv.channels(new NotifySettings(Optional.of(new NotifySettings.Jira(jira.server.url(), "NOPE",
                "Bug", "Task", "JIRA_USER", "JIRA_TOKEN", "In Progress", "Resolve issue", "Relates", List.of())),
                Optional.empty(), Optional.empty(), Optional.empty()), ArtefactSource.none()).get("jira");
        Message.IncidentOpened m = NotifyFixtures.openedMessage();

        Delivery d = wrongProject.deliver(m, first(m));

        assertThat(d).isEqualTo(new Delivery.Permanent("jira create issue: HTTP 400: project: valid project is required"));
    }

    @Test
    void rateLimitingHonoursRetryAfter() {
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        jira.server.failNext(Stub.Reply.json(429, "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}")
                .withHeader("Retry-After", "7"));

        Delivery d = channel.deliver(m, first(m));

        assertThat(d).isEqualTo(new Delivery.Retry(Duration.ofSeconds(7), "jira create issue: HTTP 429: Rate limit exceeded."));
    }

    @Test
    void commentsCarryAMarkerAndARetriedCommentIsNotPostedTwice() {
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        channel.deliver(open, first(open));
        Message.Milestone m = new Message.Milestone("INC-7", 5, "alice", NotifyFixtures.at(40), "load test 1 confirmed");

        Delivery d1 = channel.deliver(m, withKey(m, 1, "PERF-24"));
        Delivery d2 = channel.deliver(m, withKey(m, 2, "PERF-24"));

        assertThat(d1).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(d2).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.issues.get("PERF-24").comments).hasSize(1);
        Stub.Request post = jira.server.requests("POST", "/rest/api/3/issue/PERF-24/comment").get(0);
        assertThat(post.json().path("body").path("type").asText()).isEqualTo("doc");
        assertThat(post.json().path("body").toString()).contains("2026-11-27 08:40 UTC — alice — load test 1 confirmed",
                "perfguard-message: INC-7:milestone:5:jira");
        assertThat(jira.server.requests("GET", "/rest/api/3/issue/PERF-24/comment")).hasSize(1);
    }

    @Test
    void withoutAStoredKeyTheIssueIsFoundByLabelOrTheMessageWaits() {
        Message.Milestone m = new Message.Milestone("INC-7", 5, "alice", NotifyFixtures.at(40), "noted");
        Delivery before = channel.deliver(m, first(m));
        assertThat(before).isInstanceOf(Delivery.Retry.class);
        assertThat(((Delivery.Retry) before).reason()).contains("no issue labelled perfguard-INC-7 yet");

        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        channel.deliver(open, first(open));
        assertThat(channel.deliver(m, first(m))).isEqualTo(new Delivery.Delivered("PERF-24"));
    }

    @Test
    void acknowledgeTransitionsByNameLookingTheIdUp() {
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        channel.deliver(open, first(open));
        Message.Acknowledged ack = new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5));

        Delivery d = channel.deliver(ack, withKey(ack, 1, "PERF-24"));

        assertThat(d).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.issues.get("PERF-24").status).isEqualTo("In Progress");
        Stub.Request post = jira.server.requests("POST", "/rest/api/3/issue/PERF-24/transitions").get(0);
        assertThat(post.json().path("transition").path("id").asText()).isEqualTo("711");
        // a second acknowledge: no "In Progress" transition from In Progress, status already there: nothing to do
        Delivery again = channel.deliver(ack, withKey(ack, 2, "PERF-24"));
        assertThat(again).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.server.requests("POST", "/rest/api/3/issue/PERF-24/transitions")).hasSize(1);
    }

    @Test
    void anUnknownTransitionNameIsPermanentAndNamesTheAvailableOnes() {
        Channel odd = TestEnv.channels(new NotifySettings(Optional.of(new NotifySettings.Jira(jira.server.url(), "PERF",
                "Bug", "Task", "JIRA_USER", "JIRA_TOKEN", "Triage", "Resolve issue", "Relates", List.of())),
                Optional.empty(), Optional.empty(), Optional.empty()), ArtefactSource.none()).get("jira");
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        odd.deliver(open, first(open));
        Message.Acknowledged ack = new Message.Acknowledged("INC-7", "alice", NotifyFixtures.at(5));

        Delivery d = odd.deliver(ack, withKey(ack, 1, "PERF-24"));

        assertThat(d).isEqualTo(new Delivery.Permanent(
                "jira: issue PERF-24 in status 'To Do' has no transition named 'Triage'; available: Start work, Resolve issue"));
    }

    @Test
    void attachesArtefactsAsMultipartWithTheXsrfHeaderOnce() {
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        channel.deliver(open, first(open));
        Message.ArtefactAdded a = new Message.ArtefactAdded("INC-7", "rag_eval-8f3c2a1.json",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 14);

        Delivery d1 = channel.deliver(a, withKey(a, 1, "PERF-24"));
        Delivery d2 = channel.deliver(a, withKey(a, 2, "PERF-24"));

        assertThat(d1).isEqualTo(new Delivery.Delivered("PERF-24/attachment/10000"));
        assertThat(d2).isEqualTo(new Delivery.Delivered("PERF-24/attachment/10000"));
        assertThat(jira.issues.get("PERF-24").attachments).containsExactly("rag_eval-8f3c2a1.json");
        Stub.Request post = jira.server.requests("POST", "/rest/api/3/issue/PERF-24/attachments").get(0);
        assertThat(post.header("X-Atlassian-Token")).isEqualTo("no-check");
        assertThat(post.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(post.bodyText()).contains("Content-Disposition: form-data; name=\"file\"; filename=\"rag_eval-8f3c2a1.json\"",
                "{\"ndcg\":0.69}");
    }

    @Test
    void closeFilesLinkedFollowUpsCommentsAndResolvesAndARetryDuplicatesNothing() {
        Message.IncidentOpened open = NotifyFixtures.openedMessage();
        channel.deliver(open, first(open));
        Message.Closed closed = Messages.closed(NotifyFixtures.closed());
        jira.server.clear();
        Delivery ok = channel.deliver(closed, withKey(closed, 1, "PERF-24"));
        assertThat(ok).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.issues).containsOnlyKeys("PERF-24", "PERF-25", "PERF-26");
        assertThat(jira.issues.get("PERF-25").labels).containsExactly("perfguard", "perfguard-INC-7-followup-1");
        assertThat(jira.issues.get("PERF-25").fields.path("issuetype").path("name").asText()).isEqualTo("Task");
        assertThat(jira.issues.get("PERF-25").fields.path("summary").asText())
                .isEqualTo("[INC-7 follow-up 1] Add a baseline for rag.retrieval_latency_p95_ms");
        assertThat(jira.issues.get("PERF-24").links).hasSize(2);
        Stub.Request link = jira.server.requests("POST", "/rest/api/3/issueLink").get(0);
        assertThat(link.json().path("type").path("name").asText()).isEqualTo("Relates");
        assertThat(link.json().path("inwardIssue").path("key").asText()).isEqualTo("PERF-24");
        assertThat(link.json().path("outwardIssue").path("key").asText()).isEqualTo("PERF-25");
        assertThat(jira.issues.get("PERF-24").status).isEqualTo("Done");
        assertThat(jira.issues.get("PERF-24").comments).hasSize(1);
        assertThat(jira.issues.get("PERF-24").comments.get(0).toString())
                .contains("Root cause", "Reranker v2 truncated passages to 256 tokens.", "PERF-25: Add a baseline");

        // delivered again (a lost reply): no new follow-up, link, comment or transition
        Delivery again = channel.deliver(closed, withKey(closed, 2, "PERF-24"));
        assertThat(again).isEqualTo(new Delivery.Delivered("PERF-24"));
        assertThat(jira.issues).hasSize(3);
        assertThat(jira.issues.get("PERF-24").links).hasSize(2);
        assertThat(jira.issues.get("PERF-24").comments).hasSize(1);
        assertThat(jira.server.requests("POST", "/rest/api/3/issue/PERF-24/transitions")).hasSize(1);
    }

    @Test
    void linkForIsTheBrowseUrlUnderTheBaseUrl() {
        assertThat(channel.linkFor("PERF-24")).contains(URI.create(jira.server.url() + "/browse/PERF-24"));
        assertThat(channel.linkFor("../../evil")).isEmpty();
    }

    @Test
    void aWrongTokenIsPermanentAndJirasErrorShapesAreJoined() {
        Channel wrong = Channels.create(new NotifySettings(Optional.of(TestEnv.jira(jira.server.url())), Optional.empty(),
                Optional.empty(), Optional.empty()), Map.of("JIRA_USER", JiraStub.USER, "JIRA_TOKEN", "ATATT-wrong")::get,
                Channels.httpClient(), TestEnv.CLOCK, ArtefactSource.none()).get("jira");
        Message.IncidentOpened m = NotifyFixtures.openedMessage();
        assertThat(wrong.deliver(m, first(m))).isEqualTo(new Delivery.Permanent("jira create issue: HTTP 401: "
                + "You are not authenticated. Authentication required to perform this operation."));
        assertThat(JiraChannel.errors("{\"errorMessages\":[\"a\",\"b\"],\"errors\":{\"summary\":\"required\",\"labels\":\"bad\"}}"))
                .isEqualTo("a; b; summary: required; labels: bad");
        assertThat(JiraChannel.errors("<html>Bad gateway</html>")).isEqualTo("<html>Bad gateway</html>");
    }

    /** The ADF link marks of a document: href to link text. */
    private static Map<String, String> links(JsonNode doc) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        doc.findParents("marks").forEach(t -> t.path("marks").forEach(mark -> {
            if (mark.path("type").asText().equals("link")) {
                out.put(mark.path("attrs").path("href").asText(), t.path("text").asText());
            }
        }));
        return out;
    }

    @Test
    void withAPublicUrlTheDescriptionsLinkToTheIncidentPage() {
        Message open = NotifyFixtures.openedMessage().withIncidentPage(NotifyFixtures.PAGE);
        channel.deliver(open, first(open));
        Message closed = Messages.closed(NotifyFixtures.closed()).withIncidentPage(NotifyFixtures.PAGE);
        channel.deliver(closed, withKey(closed, 1, "PERF-24"));

        JsonNode doc = jira.issues.get("PERF-24").fields.path("description");
        assertThat(links(doc)).containsEntry("https://perfguard.example.com/incidents/INC-7", "perfguard INC-7");
        // right after the opening paragraph, labelled
        JsonNode paragraph = doc.path("content").get(1);
        assertThat(paragraph.path("type").asText()).isEqualTo("paragraph");
        assertThat(paragraph.path("content").get(0).path("text").asText()).isEqualTo("Incident page: ");
        assertThat(links(jira.issues.get("PERF-25").fields.path("description")))
                .containsExactly(Map.entry("https://perfguard.example.com/incidents/INC-7", "perfguard INC-7"));
    }

    @Test
    void withoutAPublicUrlNoDescriptionLinksToAPage() {
        Message open = NotifyFixtures.openedMessage();
        channel.deliver(open, first(open));
        Message closed = Messages.closed(NotifyFixtures.closed());
        channel.deliver(closed, withKey(closed, 1, "PERF-24"));

        for (String key : List.of("PERF-24", "PERF-25", "PERF-26")) {
            assertThat(jira.issues.get(key).fields.path("description").toString()).as(key).doesNotContain("/incidents/", "Incident page");
        }
        assertThat(links(jira.issues.get("PERF-24").fields.path("description"))).isNotEmpty(); // the dashboard links are there
    }
}
