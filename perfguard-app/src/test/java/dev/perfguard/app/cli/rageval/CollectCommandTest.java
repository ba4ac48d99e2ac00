package dev.perfguard.app.cli.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * collect against a real HTTP service on a loopback port: a small search engine whose answers
 * are derived from the query text, with injected failures: "broken" always answers 500, "flaky"
 * answers 503 once and then succeeds, "slow" answers after the client's timeout.
 */
class CollectCommandTest {
    @TempDir
    Path tmp;

    HttpServer server;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/search", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode req = new ObjectMapper().readTree(ex.getRequestBody());
        String q = req.get("query").asText();
        // a timed-out "slow" request lingers here after the client gave up its slot: not counted
        boolean counted = !q.equals("slow");
        if (counted) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
        // a request stops counting before its answer is written: the client may send its next one as soon
        // as it has the answer, before this thread would otherwise get to count this one out
        boolean[] out = {!counted};
        Runnable done = () -> {
            if (!out[0]) {
                out[0] = true;
                inFlight.decrementAndGet();
            }
        };
        try {
            int k = req.get("top_k").asInt();
            int call = calls.computeIfAbsent(q, x -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(20);
            if (q.equals("broken") || (q.equals("flaky") && call == 1)) {
                done.run();
                reply(ex, q.equals("broken") ? 500 : 503, "{\"error\": \"injected\"}");
                return;
            }
            if (q.equals("slow")) {
                Thread.sleep(1500);
            }
            StringBuilder sb = new StringBuilder("{\"result\": {\"hits\": [");
            for (int i = 0; i < k; i++) {
                sb.append(i == 0 ? "" : ",").append("{\"doc\": {\"id\": \"").append(q).append('-').append(i)
                        .append("\"}, \"score\": ").append(10 - i).append('}');
            }
            done.run();
            reply(ex, 200, sb.append("]}}").toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.run();
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void collectsWithBoundedConcurrencyRetriesAndReportsFailuresAsZero() throws IOException {
        StringBuilder queries = new StringBuilder();
        StringBuilder qrels = new StringBuilder();
        List<String> texts = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "broken", "flaky", "slow");
        for (int i = 0; i < texts.size(); i++) {
            queries.append("{\"query_id\": \"q").append(i).append("\", \"query\": \"").append(texts.get(i)).append("\"}\n");
            qrels.append("q").append(i).append(" 0 ").append(texts.get(i)).append("-0 1\n");
        }
        Path qf = Files.writeString(tmp.resolve("queries.jsonl"), queries);
        Path qrf = Files.writeString(tmp.resolve("qrels.txt"), qrels);
        Path run = tmp.resolve("run.txt");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Run.cli(new PrintWriter(out), new PrintWriter(err), Map.of()).execute("rag-eval", "collect",
                "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/search",
                "--queries", qf.toString(), "--out", run.toString(), "--top-k", "5", "--concurrency", "3",
                "--timeout", "500", "--retries", "2", "--backoff", "10",
                "--hits", "/result/hits", "--doc-id", "/doc/id", "--qrels", qrf.toString(), "-m", "recip_rank", "-m", "num_q");
        assertThat(rc).as(err.toString()).isZero();
        String report = out.toString();
        assertThat(report).contains("11 queries").contains("9 answered, 2 failed (scored zero)")
                .contains("failed q8: HTTP 500 after 3 attempts").contains("failed q10: timed out after 500 ms after 3 attempts");
        assertThat(calls.get("broken").get()).isEqualTo(3);
        assertThat(calls.get("flaky").get()).isEqualTo(2);
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(3).isGreaterThan(1);
        List<String> lines = Files.readAllLines(run);
        assertThat(lines).hasSize(9 * 5).contains("q9 Q0 flaky-0 1 10.0 live").noneMatch(l -> l.startsWith("q8 "));
        // every answered query ranks its relevant document first; the two failures count as zero
        assertThat(report).contains("num_q                 \tall\t11").contains("recip_rank            \tall\t0.8182");
    }

    @Test
    void anUnreachableEndpointFailsEveryQueryWithExitThree() throws IOException {
        Path qf = Files.writeString(tmp.resolve("q.tsv"), "1\thello\n");
        server.stop(0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Run.cli(new PrintWriter(out), new PrintWriter(err), Map.of()).execute("rag-eval", "collect",
                "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/search", "--queries", qf.toString(),
                "--out", tmp.resolve("r.txt").toString(), "--retries", "1", "--backoff", "1", "--timeout", "PT1S");
        assertThat(rc).isEqualTo(ExitStatus.FAILURE);
        assertThat(out.toString()).contains("failed 1: I/O error");
        assertThat(err.toString()).contains("every query");
    }

    @Test
    void anEndpointThatIsNotAUrlAndAMissingOutputFolderAreBadInputBeforeAnyRequest() throws IOException {
        Path qf = Files.writeString(tmp.resolve("q.tsv"), "1\thello\n");
        Run notUrl = Run.of("rag-eval", "collect", "--endpoint", "not-a-url", "--queries", qf.toString(),
                "--out", tmp.resolve("r.txt").toString());
        assertThat(notUrl.exit()).as(notUrl.err()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(notUrl.err()).contains("--endpoint: not an http(s) URL: not-a-url").doesNotContain("internal error");

        Path missing = tmp.resolve("nonexistent-dir");
        Run noFolder = Run.of("rag-eval", "collect", "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/search",
                "--queries", qf.toString(), "--out", missing.resolve("run.txt").toString());
        assertThat(noFolder.exit()).as(noFolder.err()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(noFolder.err()).contains("--out: folder " + missing + " does not exist").doesNotContain("internal error");
        assertThat(calls).isEmpty();
    }
}
