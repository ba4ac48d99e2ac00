package dev.perfguard.app.rageval;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Sends evaluation queries to a live retrieval endpoint and collects the hits.
 *
 * <p>Each query is POSTed as the request template with {@code {{query}}}, {@code {{query_id}}}
 * and {@code {{top_k}}} replaced by JSON values; the response's hit list is found by a JSON
 * pointer, and each hit's document id and score by pointers relative to the hit. At most
 * {@code concurrency} requests are in flight; each has a timeout; a 5xx answer, a timeout or an
 * I/O error is retried with exponential backoff (base delay doubled per attempt). A query that
 * still fails is returned as failed with the reason, never dropped.
 */
final class Collector {
    record Query(String id, String text) {}

    /** The outcome of one query: hits, or the reason it failed (then hits is empty). */
    record Outcome(Query query, List<Hit> hits, String failure, int attempts) {
        boolean failed() {
            return failure != null;
        }
    }

    record Hit(String docId, double score) {}

    record Settings(URI endpoint, String template, JsonPointer hits, JsonPointer id, JsonPointer score, int topK,
            int concurrency, Duration timeout, int retries, Duration backoff) {
        Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            if (concurrency < 1 || topK < 1 || retries < 0) {
                throw PerfguardException.badInput("--concurrency and --top-k must be >= 1, --retries >= 0");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Settings s;
    private final HttpClient client;

    Collector(Settings s) {
        this.s = s;
        this.client = HttpClient.newBuilder().connectTimeout(s.timeout()).build();
    }

    /** Collects every query, in the given order; {@code progress} hears the count done. */
    List<Outcome> collect(List<Query> queries, IntConsumer progress) {
        Semaphore inFlight = new Semaphore(s.concurrency());
        AtomicInteger done = new AtomicInteger();
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Query q : queries) {
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return one(q);
                    } finally {
                        inFlight.release();
                        progress.accept(done.incrementAndGet());
                    }
                }));
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    throw new PerfguardException(dev.perfguard.core.ErrorCode.INTERNAL, "collect: " + e, e);
                }
            }
            return out;
        }
    }

    private Outcome one(Query q) throws InterruptedException {
        String body = s.template().replace("{{query}}", Json.quote(q.text())).replace("{{query_id}}", Json.quote(q.id()))
                .replace("{{top_k}}", Integer.toString(s.topK()));
        HttpRequest req = HttpRequest.newBuilder(s.endpoint()).timeout(s.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String failure = null;
        for (int attempt = 1; attempt <= s.retries() + 1; attempt++) {
            if (attempt > 1) {
                Thread.sleep(s.backoff().toMillis() << (attempt - 2));
            }
            try {
                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 500) {
                    failure = "HTTP " + r.statusCode();
                    continue;
                }
                if (r.statusCode() != 200) {
                    return new Outcome(q, List.of(), "HTTP " + r.statusCode() + " (not retried)", attempt);
                }
                return parse(q, r.body(), attempt);
            } catch (HttpTimeoutException e) {
                failure = "timed out after " + s.timeout().toMillis() + " ms";
            } catch (IOException e) {
                failure = "I/O error: " + e.getMessage();
            }
        }
        return new Outcome(q, List.of(), failure + " after " + (s.retries() + 1) + " attempts", s.retries() + 1);
    }

    private Outcome parse(Query q, String body, int attempt) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new Outcome(q, List.of(), "response is not JSON", attempt);
        }
        JsonNode hits = root.at(s.hits());
        if (!hits.isArray()) {
            return new Outcome(q, List.of(), "no hit array at " + s.hits() + " in the response", attempt);
        }
        List<Hit> out = new ArrayList<>();
        for (JsonNode h : hits) {
            JsonNode id = h.at(s.id());
            JsonNode score = h.at(s.score());
            if (!id.isValueNode() || !score.isNumber()) {
                return new Outcome(q, List.of(), "hit without id at " + s.id() + " or numeric score at " + s.score(), attempt);
            }
            out.add(new Hit(id.asText(), score.asDouble()));
            if (out.size() == s.topK()) {
                break;
            }
        }
        return new Outcome(q, out, null, attempt);
    }
}
