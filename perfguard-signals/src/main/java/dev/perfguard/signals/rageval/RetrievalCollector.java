package dev.perfguard.signals.rageval;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.retry.Backoff;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Sends evaluation queries to a live retrieval endpoint and collects the hits: the runbook's
 * {@code collect_rag_eval_metrics} step.
 *
 * <p>Each query is POSTed as its {@link RequestTemplate} body; the response's hit list is found by a
 * JSON pointer, and each hit's document id and score by pointers relative to the hit. At most
 * {@code concurrency} requests are in flight; each has a timeout; a 5xx answer, a timeout or an I/O
 * error is tried again after a {@link Backoff} delay (full jitter) until {@code retries.maxAttempts()}
 * attempts were made. A query that still fails is returned as failed with the reason, never dropped.
 */
public final class RetrievalCollector {
    public record Query(String id, String text) {
        public Query {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    public record Hit(String docId, double score) {}

    /** The outcome of one query: its hits, or the reason it failed (then {@code hits} is empty). */
    public record Outcome(Query query, List<Hit> hits, Optional<String> failure, int attempts) {
        public Outcome {
            Objects.requireNonNull(query, "query");
            hits = List.copyOf(hits);
            Objects.requireNonNull(failure, "failure");
        }

        public boolean failed() {
            return failure.isPresent();
        }
    }

    /**
     * @param retries delays between attempts and how many attempts a query gets in all
     */
    public record Settings(URI endpoint, RequestTemplate template, JsonPointer hits, JsonPointer id, JsonPointer score,
            int topK, int concurrency, Duration timeout, Backoff retries) {
        public Settings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(hits, "hits");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(score, "score");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(retries, "retries");
            if (concurrency < 1 || topK < 1) {
                throw PerfguardException.badInput("concurrency and top-k must be at least 1, were " + concurrency + " and " + topK);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw PerfguardException.badInput("the request timeout must be positive, was " + timeout);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Settings s;
    private final HttpClient client;
    private final Random random;

    public RetrievalCollector(Settings s, Random random) {
        this.s = Objects.requireNonNull(s, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.client = HttpClient.newBuilder().connectTimeout(s.timeout()).build();
    }

    /** Collects every query, in the given order; {@code progress} hears the count done. */
    public List<Outcome> collect(List<Query> queries, IntConsumer progress) {
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
                } catch (ExecutionException e) {
                    throw new PerfguardException(ErrorCode.INTERNAL, "collecting from " + s.endpoint() + " failed: " + e.getCause(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PerfguardException(ErrorCode.INTERNAL, "interrupted while collecting from " + s.endpoint(), e);
                }
            }
            return out;
        }
    }

    private Outcome one(Query q) throws InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(s.endpoint()).timeout(s.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(s.template().render(q.id(), q.text(), s.topK()))).build();
        String failure = null;
        int attempts = 0;
        while (attempts == 0 || s.retries().mayRetry(attempts)) {
            if (attempts > 0) {
                Thread.sleep(s.retries().delay(attempts, Duration.ZERO, random));
            }
            attempts++;
            try {
                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 500) {
                    failure = "HTTP " + r.statusCode();
                    continue;
                }
                if (r.statusCode() != 200) {
                    return failed(q, "HTTP " + r.statusCode() + " (not retried)", attempts);
                }
                return parse(q, r.body(), attempts);
            } catch (HttpTimeoutException e) {
                failure = "timed out after " + s.timeout().toMillis() + " ms";
            } catch (IOException e) {
                failure = "I/O error: " + e.getMessage();
            }
        }
        return failed(q, failure + " after " + attempts + " attempts", attempts);
    }

    private Outcome parse(Query q, String body, int attempts) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return failed(q, "response is not JSON", attempts);
        }
        JsonNode hits = root == null ? null : root.at(s.hits());
        if (hits == null || !hits.isArray()) {
            return failed(q, "no hit array at " + s.hits() + " in the response", attempts);
        }
        List<Hit> out = new ArrayList<>();
        for (JsonNode h : hits) {
            JsonNode id = h.at(s.id());
            JsonNode score = h.at(s.score());
            if (!id.isValueNode() || !score.isNumber()) {
                return failed(q, "hit without id at " + s.id() + " or numeric score at " + s.score(), attempts);
            }
            out.add(new Hit(id.asText(), score.asDouble()));
            if (out.size() == s.topK()) {
                break;
            }
        }
        return new Outcome(q, out, Optional.empty(), attempts);
    }

    private static Outcome failed(Query q, String reason, int attempts) {
        return new Outcome(q, List.of(), Optional.of(reason), attempts);
    }
}
