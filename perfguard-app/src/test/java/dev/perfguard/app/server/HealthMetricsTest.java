package dev.perfguard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentJson;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.LocalPostgres;
import dev.perfguard.runbook.store.ReadOnly;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.signals.prometheus.LocalPrometheus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness, readiness and {@code /metrics} of a real server (issue 12, items 11 and 12): readiness follows the
 * store (a PostgreSQL stopped under it, a read-only SQLite file, a deleted SQLite folder), and a real Prometheus
 * scrapes the metrics.
 */
class HealthMetricsTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:20:00Z");

    @TempDir Path tmp;
    Store store;
    PerfguardServer server;
    Http http;
    String viewer;
    String responder;

    ServerMetrics metrics;

    void start(Store.Location location) {
        store = Store.open(location, Store.Pool.SERVER);
        MutableClock clock = new MutableClock(T0);
        ApiTokens tokens = new ApiTokens(store, clock);
        viewer = tokens.create("viewer-user", Role.VIEWER).token();
        responder = tokens.create("responder-user", Role.RESPONDER).token();
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), clock);
        StoreOutbox outbox = new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE);
        metrics = new ServerMetrics(outbox, incidents, Set.of("slack", "pagerduty"));
        server = PerfguardServer.start(incidents, outbox, tokens, clock, "theo-engine-web", "127.0.0.1", 0, metrics, Optional.empty());
        http = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void assertReady() {
        assertThat(http.get("/health/live", null).status()).isEqualTo(200);
        Http.Answer ready = http.get("/health/ready", null);
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("ready");
        assertThat(http.get("/health", null).body()).isEqualTo("{\"status\":\"ok\"}");
    }

    /** Readiness and {@code /health} answer 503 STORE with a message containing {@code cause}; liveness stays 200. */
    private void assertNotReady(String cause) {
        for (String path : new String[] {"/health/ready", "/health"}) {
            Http.Answer a = http.get(path, null);
            assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(503);
            assertThat(a.json().path("code").asText()).isEqualTo("STORE");
            assertThat(a.json().path("message").asText()).contains(cause);
        }
        assertThat(http.get("/health/live", null).status()).isEqualTo(200);
    }

    @Test
    void readinessIsLostWhenPostgresStops() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start()) {
            start(new Store.Location.Postgres(pg.jdbcUrl(), null));
            assertReady();
            pg.stop();
            assertNotReady(store.description());
        }
    }

    @Test
    void readinessIsLostWhenTheSqliteFileIsReadOnly() throws Exception {
        Path file = tmp.resolve("perfguard.db");
        start(new Store.Location.Sqlite(file));
        assertReady();
        try (ReadOnly ro = ReadOnly.make(file)) {
            assertNotReady(file.toAbsolutePath() + " is read-only for this process");
        }
        assertReady();
    }

    @Test
    void aDeletedDatabaseFolderRefusesWritesWith503AndIsNotReady() throws Exception {
        Path folder = tmp.resolve("store");
        start(new Store.Location.Sqlite(folder.resolve("perfguard.db")));
        assertThat(http.post("/api/v1/incidents", responder, ServerTest.report(3400)).status()).isEqualTo(201);
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Http.Answer write = http.post("/api/v1/incidents", responder, ServerTest.report(3500));
        assertThat(write.status()).as(write.body()).isEqualTo(503);
        assertThat(write.json().path("code").asText()).isEqualTo("STORE");
        assertThat(write.json().path("message").asText()).contains("the database file was moved or deleted");
        assertNotReady("the database file was moved or deleted");
        assertThat(folder.resolve("perfguard.db")).doesNotExist();
    }

    private void outboxRow(String id, String channel, String state) {
        store.inTransaction(h -> h.createUpdate("""
                INSERT INTO outbox (id, channel, incident_id, dedup_key, payload, state, attempts, next_attempt_ms, created_ms)
                VALUES (:id, :channel, NULL, :id, '{}', :state, 0, 0, 0)""")
                .bind("id", id).bind("channel", channel).bind("state", state).execute());
    }

    @Test
    void aRealPrometheusScrapesTheServersMetrics() throws Exception {
        LocalPrometheus.requireBinaries();
        start(new Store.Location.Sqlite(tmp.resolve("perfguard.db")));
        for (int i = 0; i < 3; i++) {
            outboxRow("p" + i, "slack", "pending");
        }
        String odd = "odd \"chan\\nel";
        outboxRow("d1", odd, "dead");
        outboxRow("d2", "jira", "delivered");
        assertThat(http.post("/api/v1/incidents", responder, ServerTest.report(3400)).status()).isEqualTo(201);
        assertThat(http.get("/api/v1/incidents/nope", viewer).status()).isEqualTo(404);
        Window window = new Window(Instant.parse("2026-11-27T09:00:00Z"), Duration.ofHours(1));
        metrics.telemetry().evaluated(new WindowResult("p95", "edge.latency_p95_s", window, WindowVerdict.ERROR, OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), "q", T0, Optional.empty(), "prometheus unreachable"));
        metrics.telemetry().evaluated(new WindowResult("p95", "edge.latency_p95_s", window.previous(1), WindowVerdict.OK, OptionalDouble.of(0.2),
                OptionalDouble.empty(), OptionalDouble.of(0.3), "q", T0, Optional.empty(), ""));
        metrics.telemetry().stepFailed();

        assertThat(http.get("/metrics", null).status()).isEqualTo(401);
        Http.Answer text = http.get("/metrics", viewer);
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.body())
                .contains("# TYPE perfguard_outbox_messages gauge\n")
                .contains("perfguard_outbox_messages{channel=\"slack\",state=\"pending\"} 3\n")
                .contains("perfguard_outbox_messages{channel=\"odd \\\"chan\\\\nel\",state=\"dead\"} 1\n")
                .doesNotContain("state=\"delivered\"")
                .contains("perfguard_incidents_open{service=\"theo-engine-web\",state=\"open\"} 1\n")
                .contains("perfguard_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/incidents\",status=\"2xx\",le=\"+Inf\"} 1\n")
                .contains("perfguard_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/incidents/{id}\",status=\"4xx\"} 1\n")
                .contains("perfguard_outbox_messages{channel=\"pagerduty\",state=\"dead\"} 0\n")
                .contains("# TYPE perfguard_telemetry_window_evaluations_total counter\n")
                .contains("perfguard_telemetry_window_evaluations_total{expectation=\"p95\",verdict=\"error\"} 1\n")
                .startsWith("# HELP ")
                .doesNotContain("# EOF");
        HttpResponse<String> om = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + "/metrics"))
                .header("Authorization", "Bearer " + viewer)
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(om.headers().firstValue("Content-Type")).hasValue(ServerMetrics.OPENMETRICS);
        assertThat(om.body()).endsWith("\n# EOF\n")
                .contains("# TYPE perfguard_telemetry_window_evaluations counter\n")
                .contains("perfguard_telemetry_window_evaluations_total{expectation=\"p95\",verdict=\"error\"} 1\n");
        Path body = tmp.resolve("metrics.txt");
        Files.writeString(body, text.body(), StandardCharsets.UTF_8);
        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectInput(body.toFile()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(checked).isZero();

        Path promDir = Files.createDirectories(tmp.resolve("prometheus"));
        String config = """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: perfguard
                    metrics_path: /metrics
                    authorization:
                      type: Bearer
                      credentials: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(viewer, server.port());
        try (LocalPrometheus prometheus = LocalPrometheus.scraping(promDir, config)) {
            assertThat(query(prometheus, "perfguard_outbox_messages{channel=\"slack\",state=\"pending\"}")).isEqualTo(3);
            assertThat(query(prometheus, "sum(perfguard_outbox_messages{state=\"dead\"})")).isEqualTo(1);
            assertThat(query(prometheus, "count(perfguard_outbox_messages{channel=" + json(odd) + "})")).isEqualTo(1);
            assertThat(query(prometheus, "perfguard_incidents_open{service=\"theo-engine-web\",state=\"open\"}")).isEqualTo(1);
            assertThat(query(prometheus, "perfguard_store_up")).isEqualTo(1);
            assertThat(query(prometheus,
                    "perfguard_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/incidents\",status=\"2xx\"}")).isEqualTo(1);
            assertThat(query(prometheus, "perfguard_outbox_messages{channel=\"pagerduty\",state=\"pending\"}")).isEqualTo(0);
            assertThat(query(prometheus, "sum(perfguard_telemetry_window_evaluations_total{expectation=\"p95\"})")).isEqualTo(2);
            assertThat(query(prometheus, "perfguard_telemetry_step_failures_total")).isEqualTo(1);
            assertThat(query(prometheus, "up{job=\"perfguard\"}")).isEqualTo(1);
        }
    }

    private static String json(String s) {
        return IncidentJson.write(s);
    }

    /** The single value of {@code promql} once Prometheus has one (it scrapes every second); fails after 60 s without. */
    private static double query(LocalPrometheus prometheus, String promql) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String last = "";
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (Instant.now().isBefore(deadline)) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/query?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                JsonNode result = IncidentJson.read(r.body(), JsonNode.class, "answer").path("data").path("result");
                Optional<Double> value = result.size() == 1 ? Optional.of(result.get(0).path("value").get(1).asDouble()) : Optional.empty();
                if (value.isPresent()) {
                    return value.get();
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no single value for " + promql + " within 60 s; last answer: " + last);
    }
}
