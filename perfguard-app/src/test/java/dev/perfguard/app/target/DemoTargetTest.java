package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.core.PerfguardException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /search, the page and the errors, on a real target at 127.0.0.1:0 without flags. */
class DemoTargetTest {
    static DemoTarget target;
    static TargetClient client;

    @BeforeAll
    static void start() {
        target = DemoTarget.start("127.0.0.1", 0, Optional.empty(), new PrintWriter(new StringWriter()));
        client = new TargetClient(target);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Test
    void searchAnswersRankedHits() {
        HttpResponse<String> r = client.get("search?q=similarity+laws+aeroelastic+models+heated+high+speed+aircraft");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("Demo-Target-Ranking")).hasValue("bm25");
        assertThat(r.headers().firstValue("Demo-Target-Delay-Ms")).hasValue("0");
        JsonNode answer = TargetClient.json(r.body());
        assertThat(answer.get("query").asText()).isEqualTo("similarity laws aeroelastic models heated high speed aircraft");
        assertThat(answer.get("ranking").asText()).isEqualTo("bm25");
        List<Double> scores = answer.get("hits").valueStream().map(h -> h.get("score").asDouble()).toList();
        assertThat(scores).hasSize(10).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(scores.getLast()).isPositive();
        // query 1's judged answers: "184", "29", "31" (code 2) and others; BM25 puts some in its top 10
        assertThat(TargetClient.ids(answer)).containsAnyOf("184", "29", "31", "12", "51", "102").doesNotHaveDuplicates()
                .allMatch(id -> Integer.parseInt(id) >= 1 && Integer.parseInt(id) <= 1400);
        assertThat(TargetClient.ids(client.search("slipstream wing", 3))).hasSize(3);
        assertThat(TargetClient.ids(client.search("slipstream wing", 100))).hasSize(100);
        // stop words and punctuation only: a valid query that matches nothing
        assertThat(client.search("the of and ?", 10).get("hits")).isEmpty();
    }

    @Test
    void postTakesTheBodyRagEvalCollectSends() {
        HttpResponse<String> r = client.post("search", "{\"query\": \"wing in a propeller slipstream\", \"top_k\": 5, \"query_id\": \"x\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = TargetClient.json(r.body());
        assertThat(TargetClient.ids(answer)).hasSize(5).contains("1");
        assertThat(TargetClient.ids(client.search("wing in a propeller slipstream", 5))).isEqualTo(TargetClient.ids(answer));
    }

    @Test
    void badRequestsAre400sNamingTheField() {
        assertError(client.get("search"), 400, "q", "missing q");
        assertError(client.get("search?q=%20%20"), 400, "q", "q is blank");
        assertError(client.get("search?q=" + "a".repeat(1001)), 400, "q", "at most 1000");
        assertError(client.get("search?q=wing&k=0"), 400, "k", "k must be a whole number from 1 to 100, was '0'");
        assertError(client.get("search?q=wing&k=101"), 400, "k", "was '101'");
        assertError(client.get("search?q=wing&k=ten"), 400, "k", "was 'ten'");
        assertError(client.post("search", "{\"query\": \"wing\", \"top_k\": \"ten\"}"), 400, "top_k", "top_k must be a whole number");
        assertError(client.post("search", "{\"query\": 7}"), 400, "query", "query must be a string");
        assertError(client.post("search", "{\"top_k\": 5}"), 400, "query", "missing query");
        assertError(client.post("search", "{\"query\": "), 400, null, "the body is not JSON");
        assertError(client.get("nowhere"), 404, null, "no such path: /nowhere");
        HttpResponse<String> put = client.send(java.net.http.HttpRequest.newBuilder(target.uri().resolve("search"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(put, 405, null, "method PUT is not allowed on /search");
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    private static void assertError(HttpResponse<String> r, int code, String field, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        JsonNode e = TargetClient.json(r.body());
        assertThat(e.get("error").asText()).contains(message);
        if (field == null) {
            assertThat(e.has("field")).as(r.body()).isFalse();
        } else {
            assertThat(e.get("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void thePageIsSelfContainedAndShowsHits() {
        HttpResponse<String> empty = client.get("");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(empty.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(empty.body()).startsWith("<!doctype html>\n<html lang=\"en\">").contains("<label for=\"q\">", "<input id=\"q\" name=\"q\"",
                "<title>Cranfield search</title>", "<main>", "1400 aeronautics abstracts").doesNotContain("<ol>");
        HttpResponse<String> r = client.get("?q=wing+%3Cslipstream%3E");
        assertThat(r.body()).contains("<title>wing &lt;slipstream&gt; – Cranfield search</title>", "value=\"wing &lt;slipstream&gt;\"",
                "<h2>10 best matches</h2>", "experimental investigation of the aerodynamics of a wing in a slipstream")
                .doesNotContain("<slipstream>");
        // nothing loaded from elsewhere: no script, every src/href is the page's own or a data URL
        assertThat(r.body()).doesNotContain("<script").doesNotContainPattern("(src|href|action)=\"(?!/|data:)");
    }

    @Test
    void theCommandRefusesBadInputBeforeServing() {
        Run host = Run.of("demo-target", "--host", "192.0.2.1", "--port", "0");
        assertThat(host.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(host.err()).contains("perfguard: --host must be a loopback address (127.0.0.1, ::1, localhost), was 192.0.2.1");
        Run flags = Run.of("demo-target", "--port", "0", "--flags", "/nonexistent/flags.json");
        assertThat(flags.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(flags.err()).contains("perfguard: --flags: flag file /nonexistent/flags.json does not exist");
        Run busy = Run.of("demo-target", "--port", Integer.toString(target.port()));
        assertThat(busy.exit()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(busy.err()).contains("port " + target.port() + " is in use; choose another with --port");
    }

    @Test
    void onlyALoopbackHostIsServed() {
        assertThatThrownBy(() -> DemoTarget.start("192.0.2.1", 0, Optional.empty(), new PrintWriter(new StringWriter())))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("--host must be a loopback address");
        assertThatThrownBy(() -> DemoTarget.start("127.0.0.1", 70000, Optional.empty(), new PrintWriter(new StringWriter())))
                .hasMessage("--port must be between 0 and 65535, was 70000");
    }
}
