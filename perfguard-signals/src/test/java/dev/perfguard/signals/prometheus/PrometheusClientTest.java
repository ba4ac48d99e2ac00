package dev.perfguard.signals.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.perfguard.core.telemetry.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's transport behaviour against a hand-written HTTP stub on a loopback port: what it
 * sends, and slow, failing and non-Prometheus servers. (Real Prometheus answers are covered by
 * {@link RealPrometheusTest}.)
 */
@Timeout(30)
class PrometheusClientTest {
    record Reply(int status, String body, long delayMs) {}

    HttpServer server;
    final AtomicReference<Reply> reply = new AtomicReference<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + URLDecoder.decode(body, StandardCharsets.UTF_8));
            Reply r = reply.get();
            try {
                Thread.sleep(r.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            try {
                ex.sendResponseHeaders(r.status(), bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException gone) {
                // the client gave up
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    PrometheusClient client(Duration timeout) {
        return new PrometheusClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prefix/"), timeout);
    }

    @Test
    void postsTheQueryTimeAndTimeoutFormEncoded() {
        reply.set(new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795777200.5,\"2\"]}}", 0));
        try (PrometheusClient c = client(Duration.ofSeconds(3))) {
            assertThat(c.instant("sum(rate(x[1h])) & y", Instant.ofEpochMilli(1795777200500L)))
                    .isEqualTo(new QueryResponse.Scalar(Instant.ofEpochMilli(1795777200500L), 2, List.of()));
            c.range("q", Instant.ofEpochSecond(100), Instant.ofEpochSecond(7300), Duration.ofHours(1));
        }
        assertThat(requests).containsExactly(
                "POST /prefix/api/v1/query query=sum(rate(x[1h])) & y&time=1795777200.5&timeout=3s",
                "POST /prefix/api/v1/query_range query=q&start=100&end=7300&step=3600s&timeout=3s");
    }

    @Test
    void aSlowServerIsATimeoutWithinTheBound() {
        reply.set(new Reply(200, "{}", 5_000));
        try (PrometheusClient c = client(Duration.ofMillis(500))) {
            QueryResponse r = c.instant("up", Instant.EPOCH); // the stub answers after 5 s; the bound is 0.5 s
            assertThat(r).isInstanceOfSatisfying(QueryResponse.Failure.class,
                    f -> assertThat(f.kind()).isEqualTo(QueryResponse.Kind.TIMEOUT));
            assertThat(new PrometheusSource(c).at("up", Instant.EPOCH)).isInstanceOf(Observation.Failed.class);
        }
    }

    @Test
    void httpErrorsAndPrometheusErrors() {
        try (PrometheusClient c = client(Duration.ofSeconds(3))) {
            reply.set(new Reply(502, "<html>Bad Gateway</html>", 0));
            assertThat(c.instant("up", Instant.EPOCH)).isEqualTo(new QueryResponse.Failure(QueryResponse.Kind.HTTP_ERROR,
                    "Prometheus " + c.base() + ": HTTP 502 from /api/v1/query"));
            reply.set(new Reply(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}", 0));
            assertThat(c.instant("up", Instant.EPOCH)).isInstanceOfSatisfying(QueryResponse.Failure.class, f -> {
                assertThat(f.kind()).isEqualTo(QueryResponse.Kind.QUERY_ERROR);
                assertThat(f.message()).endsWith("Prometheus error (execution): many-to-many matching not allowed");
            });
            reply.set(new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", 0));
            assertThat(new PrometheusSource(c).at("up", Instant.EPOCH)).isEqualTo(new Observation.NoData("no series"));
            reply.set(new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[0,\"NaN\"]}]}}", 0));
            assertThat(new PrometheusSource(c).at("up", Instant.EPOCH)).isInstanceOf(Observation.NoData.class);
            reply.set(new Reply(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[0,\"+Inf\"]}]}}", 0));
            assertThat(new PrometheusSource(c).at("up", Instant.EPOCH)).isInstanceOfSatisfying(Observation.Failed.class,
                    f -> assertThat(f.reason()).startsWith("+Inf in {}"));
        }
    }

    @Test
    void aRedirectIsAnErrorNamingTheLocationAndIsNeverFollowed() throws IOException {
        AtomicInteger elsewhere = new AtomicInteger();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            elsewhere.incrementAndGet();
            byte[] ok = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[0,\"1\"]}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ok);
            }
        });
        other.start();
        String location = "http://127.0.0.1:" + other.getAddress().getPort() + "/api/v1/query";
        server.removeContext("/");
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        try (PrometheusClient c = client(Duration.ofSeconds(3))) {
            for (int i = 0; i < 4; i++) {
                assertThat(c.instant("up", Instant.EPOCH)).isEqualTo(new QueryResponse.Failure(QueryResponse.Kind.HTTP_ERROR,
                        "Prometheus " + c.base() + ": HTTP 302 from /api/v1/query redirects to " + location
                                + "; redirects are not followed, configure the URL that answers"));
            }
            assertThat(c.range("up", Instant.EPOCH, Instant.ofEpochSecond(60), Duration.ofSeconds(15)))
                    .isInstanceOf(QueryResponse.Failure.class);
            assertThat(new PrometheusSource(c).at("up", Instant.EPOCH)).isInstanceOfSatisfying(Observation.Failed.class,
                    f -> assertThat(f.reason()).contains("redirects to " + location));
        } finally {
            other.stop(0);
        }
        assertThat(requests).hasSize(6);
        assertThat(elsewhere.get()).isZero();
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port = LocalPrometheus.freePort();
        try (PrometheusClient c = new PrometheusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2))) {
            assertThat(c.instant("up", Instant.EPOCH)).isInstanceOfSatisfying(QueryResponse.Failure.class,
                    f -> assertThat(f.kind()).isEqualTo(QueryResponse.Kind.UNREACHABLE));
        }
    }
}
