package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.core.retry.Backoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Drives one incident through every channel against the stubs and renders the captured requests,
 * secrets redacted, as {@code docs/transcripts/notify-requests.md}; the committed file must match (a golden
 * file). Regenerate with {@code -Dperfguard.transcripts.write=true} and review the diff.
 */
class TranscriptTest {

    private static final Path DOC = Path.of("..", "docs", "transcripts", "notify-requests.md");

    @Test
    void theCapturedRequestsMatchTheCommittedTranscript() throws IOException {
        String rendered;
        try (JiraStub jira = new JiraStub(); PagerDutyStub pd = new PagerDutyStub(); SlackStub slack = new SlackStub();
                GrafanaStub grafana = new GrafanaStub()) {
            Map<String, Channel> channels = TestEnv.channels(new NotifySettings(Optional.of(TestEnv.jira(jira.server.url())),
                    Optional.of(TestEnv.pagerDuty(pd.server.url())), Optional.of(TestEnv.slack(slack.server.url())),
                    Optional.of(TestEnv.grafana(grafana.server.url()))), ArtefactSource.none());
            InMemoryOutbox outbox = new InMemoryOutbox();
            Dispatcher dispatcher = new Dispatcher(outbox, channels, Backoff.DEFAULT, new Random(1), outbox.clock, 50, 3,
                    Duration.ofSeconds(30));
            outbox.enqueue(NotifyFixtures.openedMessage(), channels.values());
            outbox.enqueue(Messages.acknowledged(NotifyFixtures.opened(), "alice", NotifyFixtures.at(5)), channels.values());
            outbox.enqueue(Messages.loadTestRequested(NotifyFixtures.decided(), 1), channels.values());
            outbox.enqueue(Messages.devopsDm(NotifyFixtures.decided()).orElseThrow(), channels.values());
            outbox.enqueue(Messages.closed(NotifyFixtures.closed()), channels.values());
            for (int i = 0; i < 3; i++) {
                dispatcher.runOnce();
                outbox.advance(Duration.ofMinutes(1));
            }
            assertThat(outbox.count(InMemoryOutbox.State.DELIVERED)).isEqualTo(outbox.rows.size());

            StringBuilder out = new StringBuilder();
            out.append("# Sample notification requests\n\n")
                    .append("Captured by the local stubs in `perfguard-runbook/src/test/java/dev/perfguard/runbook/notify/` ")
                    .append("(`TranscriptTest`) while one incident (INC-7, a rag_eval regression) was opened, acknowledged, ")
                    .append("needed the DevOps on-call, and closed. Secrets are redacted (`***`); the stub's host and port are ")
                    .append("left out (requests go to the configured `url` of each channel), and the Jira stub's address in ticket links reads `https://example.atlassian.net`. Regenerate with\n")
                    .append("`mvn -pl perfguard-runbook -am test -Dtest=TranscriptTest -Dperfguard.transcripts.write=true`.\n");
            section(out, "Jira Cloud: create the issue", pick(jira.server, "POST", "/rest/api/3/issue", 0));
            section(out, "Jira Cloud: a retried create first looks the label up (from the idempotency test)",
                    new Stub.Request("GET", "/rest/api/3/search/jql",
                            "jql=project+%3D+%22PERF%22+AND+labels+%3D+%22perfguard-INC-7%22+ORDER+BY+created+ASC&fields=key&maxResults=1",
                            Map.of("authorization", "Basic ***", "accept", "application/json"), new byte[0]));
            section(out, "Jira Cloud: transition by name (id looked up first with GET .../transitions)",
                    pick(jira.server, "POST", "/rest/api/3/issue/PERF-24/transitions", 0));
            section(out, "Jira Cloud: link a follow-up", pick(jira.server, "POST", "/rest/api/3/issueLink", 0));
            section(out, "PagerDuty Events API v2: trigger", pick(pd.server, "POST", "/v2/enqueue", 0));
            section(out, "PagerDuty Events API v2: resolve", pick(pd.server, "POST", "/v2/enqueue", 2));
            section(out, "Slack: the alert", pick(slack.server, "POST", "/chat.postMessage", 0));
            section(out, "Slack: a status change rewrites the alert", pick(slack.server, "POST", "/chat.update", 0));
            section(out, "Slack: DevOps on-call DM, step 1", pick(slack.server, "POST", "/conversations.open", 0));
            section(out, "Slack: load-test slot request to the DevOps requests channel", slack.server.requests("POST",
                    "/chat.postMessage").stream().filter(r -> r.json().path("channel").asText().equals("#devops-requests"))
                    .findFirst().orElseThrow());
            Message.IncidentOpened opened = NotifyFixtures.openedMessage();
            channels.get("slack").deliver(opened, new DeliveryContext(2, Channels.dedupKey(opened, "slack"),
                    ExternalRefs.none()));
            section(out, "Slack: a retried post first looks for its dedup key in the channel's history",
                    pick(slack.server, "GET", "/conversations.history", 0));
            section(out, "Grafana: annotation at open", pick(grafana.server, "POST", "/api/annotations", 0));
            rendered = out.toString().replace(jira.server.url().toString(), "https://example.atlassian.net");
        }
        for (String secret : TestEnv.SECRETS) {
            assertThat(rendered).doesNotContain(secret);
        }
        if (Boolean.getBoolean("perfguard.transcripts.write")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).isEqualTo(rendered);
    }

    private static Stub.Request pick(Stub stub, String method, String path, int index) {
        List<Stub.Request> all = stub.requests(method, path);
        assertThat(all.size()).as(method + " " + path).isGreaterThan(index);
        return all.get(index);
    }

    private static void section(StringBuilder out, String title, Stub.Request r) throws JsonProcessingException {
        out.append("\n## ").append(title).append("\n\n```http\n").append(r.method()).append(' ').append(r.path());
        if (r.query() != null) {
            out.append('?').append(r.query());
        }
        out.append('\n');
        for (String h : List.of("authorization", "content-type", "x-atlassian-token", "accept")) {
            String v = r.header(h);
            if (v != null) {
                String shown = h.equals("authorization") ? v.substring(0, v.indexOf(' ') + 1) + "***" : v;
                out.append(canonical(h)).append(": ").append(shown).append('\n');
            }
        }
        if (r.body().length > 0) {
            JsonNode body = r.json();
            if (body.has("routing_key")) {
                ((ObjectNode) body).put("routing_key", "***");
            }
            out.append('\n').append(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body)
                    .replace("\r\n", "\n")).append('\n');
        }
        out.append("```\n");
    }

    private static String canonical(String header) {
        return switch (header) {
            case "authorization" -> "Authorization";
            case "content-type" -> "Content-Type";
            case "x-atlassian-token" -> "X-Atlassian-Token";
            default -> "Accept";
        };
    }
}
