package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.Run;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.OwnershipRules;
import dev.perfguard.core.retry.Backoff;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.ArtefactSource;
import dev.perfguard.runbook.notify.Channel;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Dispatcher;
import dev.perfguard.runbook.notify.NotifySettings;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.notify.Stub;
import dev.perfguard.runbook.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendors that echo what perfguard sent them, in the forms the issue reported: the Jira {@code Authorization:
 * Basic} value perfguard builds from the user and the token, and prefix, case-changed, base64 and URL-encoded
 * forms of the PagerDuty routing key and the Slack token. None of them may reach the stored dead letter as the
 * API (viewer) and {@code perfguard outbox list} show it, nor the server log.
 */
class OutboxRedactionTest {
    static final String JIRA_USER = "perfguard-bot@example.com";
    static final String JIRA_TOKEN = "ATATT3xFfGF0-jira-Secret-Token-9f8e7d6c";
    static final String ROUTING_KEY = "3C1F9A7BE20D4C58A6F0B9D2E47A1C35";
    static final String SLACK_TOKEN = "xoxb-1111-2222-SlackSecretToken+/=x";

    @TempDir Path tmp;
    final List<Stub> stubs = new ArrayList<>();
    PerfguardServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        stubs.forEach(Stub::close);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Each leaked form by a name for the failure message. */
    static Map<String, String> forms() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("jira basic header", "Basic " + b64(JIRA_USER + ":" + JIRA_TOKEN));
        f.put("jira basic value", b64(JIRA_USER + ":" + JIRA_TOKEN));
        f.put("jira basic value, url-safe unpadded", b64url(JIRA_USER + ":" + JIRA_TOKEN));
        f.put("jira token", JIRA_TOKEN);
        f.put("jira token upper case", JIRA_TOKEN.toUpperCase(Locale.ROOT));
        f.put("routing key prefix", ROUTING_KEY.substring(0, 16));
        f.put("routing key suffix", ROUTING_KEY.substring(ROUTING_KEY.length() - 12));
        f.put("routing key upper case", ROUTING_KEY.toUpperCase(Locale.ROOT));
        f.put("routing key lower case", ROUTING_KEY.toLowerCase(Locale.ROOT));
        f.put("routing key base64", b64(ROUTING_KEY));
        f.put("routing key base64 unpadded", b64(ROUTING_KEY).replace("=", ""));
        f.put("slack token", SLACK_TOKEN);
        f.put("slack token prefix", SLACK_TOKEN.substring(0, 14));
        f.put("slack token upper case", SLACK_TOKEN.toUpperCase(Locale.ROOT));
        f.put("slack token base64", b64(SLACK_TOKEN));
        f.put("slack token base64 url-safe", Base64.getUrlEncoder().encodeToString(SLACK_TOKEN.getBytes(StandardCharsets.UTF_8)));
        f.put("slack token base64 url-safe unpadded", b64url(SLACK_TOKEN));
        f.put("slack token url-encoded", URLEncoder.encode(SLACK_TOKEN, StandardCharsets.UTF_8));
        f.put("slack token url-encoded lower-case hex", URLEncoder.encode(SLACK_TOKEN, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        return f;
    }

    static String echo() {
        return forms().values().stream().map(v -> "\"sent " + v.replace("\\", "\\\\") + "\"").collect(Collectors.joining(","));
    }

    Stub stub(Stub.Reply reply) {
        Stub s = new Stub(r -> reply);
        stubs.add(s);
        return s;
    }

    @Test
    void noFormOfASecretReachesTheStoredRowTheApiTheCliOrTheLog() throws Exception {
        Stub jira = stub(Stub.Reply.json(400, "{\"errorMessages\":[" + echo() + "],\"errors\":{}}"));
        Stub pd = stub(Stub.Reply.json(400, "{\"status\":\"invalid event\",\"message\":\"bad\",\"errors\":[" + echo() + "]}"));
        Stub slack = stub(Stub.Reply.json(400, "{\"ok\":false,\"error\":" + echo().replace("\",\"", " ") + "}"));
        Path db = tmp.resolve("perfguard.db");
        Store store = Store.open(new Store.Location.Sqlite(db));
        MutableClock clock = new MutableClock(ServerTest.T0);
        Map<String, Channel> channels = Channels.create(new NotifySettings(
                Optional.of(new NotifySettings.Jira(jira.url(), "PERF", "Bug", "Task", "JIRA_USER", "JIRA_TOKEN", "In Progress",
                        "Resolve issue", "Relates", List.of())),
                Optional.of(new NotifySettings.PagerDuty(pd.url(), "PD_ROUTING_KEY", "critical", "perfguard")),
                Optional.of(new NotifySettings.Slack(slack.url(), "SLACK_TOKEN", "C0ALERTS", Optional.empty(), "C0DEVOPS")),
                Optional.empty()),
                Map.of("JIRA_USER", JIRA_USER, "JIRA_TOKEN", JIRA_TOKEN, "PD_ROUTING_KEY", ROUTING_KEY, "SLACK_TOKEN", SLACK_TOKEN)::get,
                Channels.httpClient(), clock, ArtefactSource.none());
        IncidentService incidents = new IncidentService(store, new IncidentService.Settings(ClosingGate.DEFAULT,
                OwnershipRules.none(), 1024), clock, OutboxRouting.to(channels.values()));
        StoreOutbox outbox = new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE);
        Dispatcher dispatcher = new Dispatcher(outbox, channels, Backoff.DEFAULT, new Random(3), clock, 50, 0, Duration.ZERO);
        ApiTokens tokens = new ApiTokens(store, clock);
        String responder = tokens.create("rita", Role.RESPONDER).token();
        String viewer = tokens.create("vic", Role.VIEWER).token();
        server = PerfguardServer.start(incidents, outbox, tokens, clock, "theo-engine-web", "127.0.0.1", 0);
        Http http = new Http("http://127.0.0.1:" + server.port());
        assertThat(http.post("/api/v1/incidents", responder, ServerTest.report(3400)).status()).isEqualTo(201);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(dispatcher.runOnce()).isEqualTo(new Dispatcher.Report(3, 0, 0, 3));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        Http.Answer api = http.get("/api/v1/outbox?state=dead", viewer);
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().path("items").size()).isEqualTo(3);
        Run cli = Run.of("outbox", "list", "--state", "dead", "--db", db.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out().lines().count()).isEqualTo(3);

        assertThat(log).contains("dead letter", "HTTP 400", "***");
        assertThat(api.body()).contains("HTTP 400", "***");
        // what is not a secret stays readable
        assertThat(api.body()).contains("jira create issue: HTTP 400: sent Basic ***; sent ***",
                "pagerduty enqueue trigger: HTTP 400: bad; sent Basic ***; sent ***",
                "slack chat.postMessage: HTTP 400: sent Basic *** sent ***");
        assertThat(cli.out()).contains("HTTP 400", "***");
        for (Map.Entry<String, String> form : forms().entrySet()) {
            assertThat(log).as("log: " + form.getKey()).doesNotContain(form.getValue());
            assertThat(api.body()).as("API: " + form.getKey()).doesNotContain(form.getValue());
            assertThat(cli.out()).as("CLI: " + form.getKey()).doesNotContain(form.getValue());
        }
    }
}
