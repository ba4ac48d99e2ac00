package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.retry.Backoff;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Secrets come only from the environment and never reach a log line, a delivery reason or an exception
 * message: every channel is driven through success, vendor errors, rate limiting, an echoing error body
 * and a dead connection while standard error (where the log goes) is captured.
 */
class SecretsTest {

    @Test
    void noSecretIsLoggedOrPutIntoAReason() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<String> reasons = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (JiraStub jira = new JiraStub(); PagerDutyStub pd = new PagerDutyStub();
                SlackStub slack = new SlackStub(); GrafanaStub grafana = new GrafanaStub()) {
            NotifySettings settings = new NotifySettings(Optional.of(TestEnv.jira(jira.server.url())),
                    Optional.of(TestEnv.pagerDuty(pd.server.url())), Optional.of(TestEnv.slack(slack.server.url())),
                    Optional.of(TestEnv.grafana(grafana.server.url())));
            Map<String, Channel> channels = TestEnv.channels(settings, ArtefactSource.none());
            InMemoryOutbox outbox = new InMemoryOutbox();
            Dispatcher dispatcher = new Dispatcher(outbox, channels, Backoff.DEFAULT, new Random(7), outbox.clock, 50, 0,
                    Duration.ofSeconds(30));

            // vendors that echo the credential back in an error body
            String echo = "{\"errorMessages\":[\"bad token " + JiraStub.TOKEN + " for " + JiraStub.USER + "\"],\"errors\":{}}";
            jira.server.failNext(Stub.Reply.json(500, echo));
            pd.server.failNext(Stub.Reply.json(400, "{\"status\":\"invalid event\",\"message\":\"key " + PagerDutyStub.ROUTING_KEY
                    + "\",\"errors\":[\"" + PagerDutyStub.ROUTING_KEY + "\"]}"));
            slack.server.failNext(SlackStub.error("invalid_auth " + SlackStub.TOKEN));
            grafana.server.failNext(Stub.Reply.json(429, "{\"message\":\"" + GrafanaStub.TOKEN + "\"}").withHeader("Retry-After", "1"));

            outbox.enqueue(NotifyFixtures.openedMessage(), channels.values());
            for (int i = 0; i < 6; i++) {
                dispatcher.runOnce();
                outbox.advance(Duration.ofHours(1));
            }
            // and a dead host
            Map<String, Channel> dead = TestEnv.channels(new NotifySettings(Optional.of(TestEnv.jira(URI.create("http://127.0.0.1:1"))),
                    Optional.empty(), Optional.empty(), Optional.empty()), ArtefactSource.none());
            Delivery d = dead.get("jira").deliver(NotifyFixtures.openedMessage(), DeliveryContext.first("k"));
            reasons.add(d.toString());
            reasons.addAll(outbox.reasons());
            channels.values().forEach(c -> reasons.add(c.toString()));
            assertThat(outbox.reasons()).isNotEmpty();
            assertThat(jira.issues).hasSize(1);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("notify INC-7:incident-opened:jira: delivered (PERF-24)", "dead letter", "***");
        for (String secret : TestEnv.SECRETS) {
            assertThat(log).doesNotContain(secret);
            assertThat(String.join("\n", reasons)).doesNotContain(secret);
        }
        String basic = Base64.getEncoder().encodeToString((JiraStub.USER + ":" + JiraStub.TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(log).doesNotContain(basic);
    }

    @Test
    void aMissingVariableIsAConfigErrorNamingItButNoValue() {
        NotifySettings settings = new NotifySettings(Optional.empty(), Optional.empty(),
                Optional.of(TestEnv.slack(URI.create("https://slack.com/api"))), Optional.empty());
        assertThatThrownBy(() -> Channels.create(settings, Map.<String, String>of()::get, Channels.httpClient(), TestEnv.CLOCK,
                ArtefactSource.none()))
                .isInstanceOf(PerfguardException.class)
                .hasMessage("environment variable SLACK_TOKEN (named by notify.slack.token_env) is not set or empty")
                .satisfies(e -> assertThat(((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
        assertThat(Secret.of("SLACK_TOKEN", SlackStub.TOKEN).toString()).isEqualTo("Secret[$SLACK_TOKEN]");
    }

    /** What the console channel logs (standard error) delivering {@code message}. */
    private static List<String> consoleLog(Message message) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Map<String, Channel> channels;
        Delivery d;
        try {
            channels = TestEnv.channels(NotifySettings.none(), ArtefactSource.none());
            d = channels.get("console").deliver(message, DeliveryContext.first("INC-7:incident-opened:console"));
        } finally {
            System.setErr(original);
        }
        assertThat(channels).containsOnlyKeys("console");
        assertThat(d).isEqualTo(new Delivery.Delivered("console:INC-7:incident-opened:console"));
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void withNothingConfiguredTheConsoleChannelLogsTheMessage() {
        List<String> lines = consoleLog(NotifyFixtures.openedMessage());
        // one short line for people at INFO; the message as the outbox stores it only at DEBUG
        assertThat(lines).filteredOn(l -> l.contains(" INFO ") && l.contains("ConsoleChannel")).singleElement().satisfies(l -> assertThat(l)
                .endsWith("notify console: incident-opened INC-7 theo-engine-web: 2 metrics, worst rag.ndcg_cut_10 -6.5%"));
        assertThat(lines).filteredOn(l -> l.contains(" DEBUG ") && l.contains("ConsoleChannel")).singleElement().satisfies(l -> assertThat(l)
                .contains("\"metrics\":[{\"metric\":\"rag.ndcg_cut_10{dataset=golden}\""));
    }

    @Test
    void withAPublicUrlTheConsoleLineEndsWithTheIncidentPage() {
        List<String> lines = consoleLog(NotifyFixtures.openedMessage().withIncidentPage(NotifyFixtures.PAGE));
        assertThat(lines).filteredOn(l -> l.contains(" INFO ") && l.contains("ConsoleChannel")).singleElement().satisfies(l -> assertThat(l)
                .endsWith("notify console: incident-opened INC-7 theo-engine-web: 2 metrics, worst rag.ndcg_cut_10 -6.5%"
                        + " https://perfguard.example.com/incidents/INC-7"));
    }
}
