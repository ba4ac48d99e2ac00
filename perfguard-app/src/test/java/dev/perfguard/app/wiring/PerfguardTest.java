package dev.perfguard.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.app.Run;
import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.MessageCodec;
import dev.perfguard.runbook.store.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root: parts built when first asked for, secrets from the given environment, one way to serve. */
class PerfguardTest {
    @TempDir Path tmp;

    static Bootstrap bootstrap(Map<String, String> env) {
        return new Bootstrap(env, Clock.systemUTC(), () -> new ByteArrayInputStream(new byte[0]));
    }

    PerfguardConfig config(String yaml) throws IOException {
        return new ConfigLoader().load(Files.writeString(tmp.resolve("perfguard.yaml"), yaml));
    }

    @Test
    void theStoreIsOpenedOnlyWhenAPartNeedsIt() {
        Path db = tmp.resolve("lazy.db");
        try (Perfguard p = bootstrap(Map.of()).perfguard(PerfguardConfig.defaults(), new Store.Location.Sqlite(db),
                Perfguard.Use.COMMAND)) {
            p.lighthouse();
            p.lhrReader();
            assertThat(db).doesNotExist();
            p.builds();
            assertThat(db).exists();
            assertThat(p.store()).isSameAs(p.store());
        }
    }

    @Test
    void aCommandWithoutAStoreSaysSoInsteadOfOpeningOne() {
        try (Perfguard p = bootstrap(Map.of()).perfguard(PerfguardConfig.defaults())) {
            assertThatThrownBy(p::store).isInstanceOf(PerfguardException.class).hasMessageContaining("without a store");
        }
    }

    @Test
    void secretsComeFromTheBootstrapEnvironmentNotTheProcess() throws IOException {
        PerfguardConfig cfg = config("notify:\n  pagerduty: { routing_key_env: PG_TEST_ROUTING_KEY_ONLY_IN_BOOTSTRAP }\n");
        try (Perfguard without = bootstrap(Map.of()).perfguard(cfg, new Store.Location.Sqlite(tmp.resolve("a.db")), Perfguard.Use.COMMAND)) {
            assertThatThrownBy(without::channels).isInstanceOf(PerfguardException.class)
                    .hasMessageContaining("PG_TEST_ROUTING_KEY_ONLY_IN_BOOTSTRAP");
        }
        try (Perfguard with = bootstrap(Map.of("PG_TEST_ROUTING_KEY_ONLY_IN_BOOTSTRAP", "R0UTING"))
                .perfguard(cfg, new Store.Location.Sqlite(tmp.resolve("b.db")), Perfguard.Use.COMMAND)) {
            assertThat(with.channelNames()).containsExactly("pagerduty");
        }
    }

    @Test
    void serveStartsTheApiWithItsLoopsAndClosingStopsIt() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI health;
        try (Perfguard p = bootstrap(Map.of()).perfguard(PerfguardConfig.defaults(), new Store.Location.Sqlite(tmp.resolve("s.db")),
                Perfguard.Use.SERVER); Serving serving = p.serve("127.0.0.1", 0, new PrintWriter(new StringWriter()))) {
            health = URI.create("http://127.0.0.1:" + serving.port() + "/health");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("ok");
        }
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    /** The verdict badge of the compare page of two ingested builds, served with {@code cfg} over the store {@code db}. */
    private static String ingestedVerdict(PerfguardConfig cfg, Path db) throws Exception {
        try (Perfguard p = bootstrap(Map.of()).perfguard(cfg, new Store.Location.Sqlite(db), Perfguard.Use.SERVER);
                Serving serving = p.serve("127.0.0.1", 0, new PrintWriter(new StringWriter()))) {
            String token = p.tokens().create("vic-" + System.nanoTime(), Role.VIEWER).token();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + serving.port() + "/builds/compare?kind=ingested&base=1&build=2")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Matcher m = Pattern.compile("perfguard's verdict: <strong class=\"badge verdict-(\\w+)\">").matcher(r.body());
            assertThat(m.find()).as(r.body()).isTrue();
            return m.group(1);
        }
    }

    @Test
    void theBuildPagesJudgeIngestedBuildsAtTheConfiguredTolerance() throws Exception {
        Path db = tmp.resolve("ingested.db");
        for (String[] build : List.of(new String[] {"1", "100"}, new String[] {"2", "150"})) {
            Path file = Files.writeString(tmp.resolve("perf-" + build[0] + ".json"), """
                    {"build": "%s", "branch": "main", "time": "2026-12-01T1%s:00:00Z", "metrics": [
                      {"name": "api.search_ms", "unit": "ms", "direction": "lower", "samples": [%s, %s, %s, %s, %s]}]}"""
                    .formatted(build[0], build[0], build[1], build[1], build[1], build[1], build[1]));
            assertThat(Run.of("ingest", "--db", db.toString(), "--tolerance", "1", file.toString()).exit()).isIn(0, 5);
        }
        assertThat(ingestedVerdict(PerfguardConfig.defaults(), db)).isEqualTo("regression");
        assertThat(ingestedVerdict(config("ingest:\n  tolerance: 60%\n"), db)).isEqualTo("pass");
    }

    private static String openingPayload(Perfguard p) {
        String id = p.incidents().report(new RegressionReport("theo-engine-web", List.of(new Discrepancy(
                "lighthouse.lcp_ms{page=/,preset=mobile}", new Evidence.LighthouseDelta(2100, 3400, "ms", 5), List.of(),
                Instant.now()))), "ci").stored().incident().id();
        return p.outbox().claimDue(Instant.now().plusSeconds(1), 10).stream()
                .filter(r -> r.dedupKey().equals(id + ":incident-opened:console")).findFirst().orElseThrow().payloadJson();
    }

    @Test
    void theConfiguredPublicUrlReachesTheStoredMessagesAsTheIncidentPage() throws IOException {
        PerfguardConfig cfg = config("server:\n  public_url: https://perfguard.example.com/\n");
        try (Perfguard p = bootstrap(Map.of()).perfguard(cfg, new Store.Location.Sqlite(tmp.resolve("linked.db")), Perfguard.Use.COMMAND)) {
            String payload = openingPayload(p);
            assertThat(MessageCodec.fromJson(payload).incidentPage())
                    .contains(URI.create("https://perfguard.example.com/incidents/" + MessageCodec.fromJson(payload).incidentId()));
        }
        try (Perfguard p = bootstrap(Map.of()).perfguard(PerfguardConfig.defaults(), new Store.Location.Sqlite(tmp.resolve("plain.db")),
                Perfguard.Use.COMMAND)) {
            assertThat(MessageCodec.fromJson(openingPayload(p)).incidentPage()).isEmpty();
        }
    }
}

