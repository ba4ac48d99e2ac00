package dev.perfguard.app.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo target: a small search service over the Cranfield collection, to aim load tests, Lighthouse and
 * {@code rag-eval collect} at. One instance is one HTTP server on a loopback address (the JDK's
 * {@code com.sun.net.httpserver}, a virtual thread per request) with its in-memory index, flags and metrics.
 *
 * <ul>
 *   <li>{@code GET /search?q=TEXT&k=10[&qid=N]} and {@code POST /search} with {@code {"query": TEXT, "top_k": 10,
 *       "query_id": "N"}} (what {@code rag-eval collect} sends) answer {@code {"query", "ranking", "hits":
 *       [{"id", "score", "title"}]}}, best first; headers {@code Demo-Target-Ranking} ({@code bm25} or
 *       {@code naive}) and {@code Demo-Target-Delay-Ms} (what the slow-ranker added). A missing or blank query, one
 *       longer than {@value #MAX_QUERY_CHARS} characters, or {@code k} outside 1..{@value #MAX_K} is a 400 with
 *       {@code {"error", "field"}}. A query id that Cranfield judges feeds the online nDCG@10 gauge.</li>
 *   <li>{@code GET /}: a search page (HTML, no script, no external resource); {@code /?q=TEXT} shows the hits.</li>
 *   <li>{@code GET /metrics}: {@link TargetMetrics}.</li>
 * </ul>
 * Anything else is a 404 (405 for a wrong method), in JSON.
 */
public final class DemoTarget implements AutoCloseable {
    static final int MAX_K = 100;
    static final int MAX_QUERY_CHARS = 1000;
    static final int QUALITY_WINDOW = 100;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final Cranfield cranfield;
    private final SearchIndex index;
    private final FlagWatcher flags;
    private final TargetMetrics metrics = new TargetMetrics();
    private final QualityWindow quality = new QualityWindow(QUALITY_WINDOW);
    private final HttpServer server;
    private final ExecutorService executor;

    private DemoTarget(Cranfield cranfield, SearchIndex index, FlagWatcher flags, HttpServer server, ExecutorService executor) {
        this.cranfield = cranfield;
        this.index = index;
        this.flags = flags;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Indexes Cranfield and serves on {@code host:port} (port 0: any free one). {@code host} must be a loopback
     * address. {@code flagFile}, when given, must exist and be a valid flagd file; it is re-read when it changes,
     * and what happens to it is logged to {@code log}.
     */
    public static DemoTarget start(String host, int port, Optional<Path> flagFile, PrintWriter log) {
        if (port < 0 || port > 65535) {
            throw PerfguardException.badInput("--port must be between 0 and 65535, was " + port);
        }
        InetAddress address = loopback(host);
        FlagWatcher watcher = flagFile.map(f -> new FlagWatcher(f, log)).orElse(null);
        Cranfield cranfield = Cranfield.load();
        SearchIndex index = new SearchIndex(cranfield.documents());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 1024);
        } catch (IOException e) {
            if (watcher != null) {
                watcher.close();
            }
            try {
                index.close();
            } catch (IOException ignored) {
                // the index is memory only; the bind failure is what matters
            }
            String why = String.valueOf(e.getMessage());
            throw PerfguardException.badInput(why.toLowerCase(Locale.ROOT).contains("in use")
                    ? "port " + port + " is in use; choose another with --port"
                    : "cannot listen on " + host + ":" + port + " (" + why + ")", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        DemoTarget target = new DemoTarget(cranfield, index, watcher, server, executor);
        server.setExecutor(executor);
        server.createContext("/", target::handle);
        server.start();
        return target;
    }

    private static InetAddress loopback(String host) {
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw PerfguardException.badInput("--host '" + host + "' is not a known host name or address");
        }
        if (!a.isLoopbackAddress()) {
            throw PerfguardException.badInput("--host must be a loopback address (127.0.0.1, ::1, localhost), was " + host);
        }
        return a;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, ending with {@code /}: {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        InetAddress a = server.getAddress().getAddress();
        String host = a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Documents in the index. */
    public int documents() {
        return index.size();
    }

    /** The flag file, when the target watches one. */
    public Optional<Path> flagFile() {
        return Optional.ofNullable(flags).map(FlagWatcher::file);
    }

    /** The flags now ({@link FlagWatcher#current()}): "slow-ranker ..., naive-ranking ...". */
    public String describeFlags() {
        return FlagWatcher.describe(currentFlags());
    }

    private Flags currentFlags() {
        return flags == null ? Flags.NONE : flags.current();
    }

    private record Reply(int code, String contentType, byte[] body, Map<String, String> headers) {
        static Reply json(int code, Object value) {
            return new Reply(code, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Reply error(int code, String field, String message) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("error", message);
            if (field != null) {
                e.put("field", field);
            }
            return json(code, e);
        }
    }

    /** A request that cannot be answered: its status, the field at fault (or null) and why. */
    private static final class Refused extends RuntimeException {
        private final transient Reply reply;

        Refused(int code, String field, String message) {
            super(message, null, false, false);
            this.reply = Reply.error(code, field, message);
        }
    }

    private void handle(HttpExchange ex) {
        long start = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        String route = switch (path) {
            case "/search", "/", "/metrics" -> path;
            default -> "unmatched";
        };
        int code = 500;
        boolean counted = false;
        try (ex) {
            Reply reply;
            try {
                reply = switch (route) {
                    case "/search" -> search(ex);
                    case "/" -> page(ex);
                    case "/metrics" -> metrics(ex);
                    default -> Reply.error(404, null, "no such path: " + path + " (try /search?q=..., / or /metrics)");
                };
            } catch (Refused r) {
                reply = r.reply;
            } catch (RuntimeException e) {
                reply = Reply.error(500, null, "internal error: " + e);
            }
            code = reply.code();
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = ex.getRequestMethod().equals("HEAD");
            // counted before the answer leaves: a client that has its answer finds it in the next scrape
            metrics.request(route, code, (System.nanoTime() - start) / 1e9);
            counted = true;
            ex.sendResponseHeaders(code, head || reply.body().length == 0 ? -1 : reply.body().length);
            if (!head) {
                ex.getResponseBody().write(reply.body());
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing to tell it; the request is still counted
        } finally {
            if (!counted) {
                metrics.request(route, code, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static void allow(HttpExchange ex, String... methods) {
        String m = ex.getRequestMethod();
        for (String allowed : methods) {
            if (allowed.equals(m)) {
                return;
            }
        }
        ex.getResponseHeaders().set("Allow", String.join(", ", methods));
        throw new Refused(405, null, "method " + m + " is not allowed on " + ex.getRequestURI().getPath() + "; use "
                + String.join(" or ", methods));
    }

    /** One parsed search request. */
    private record SearchRequest(String query, int k, Optional<String> queryId) {}

    private Reply search(HttpExchange ex) {
        allow(ex, "GET", "POST");
        SearchRequest req = ex.getRequestMethod().equals("POST") ? fromBody(ex) : fromQueryString(ex.getRequestURI().getRawQuery());
        Flags f = currentFlags();
        long delay = delay(f.slowRanker());
        Ranking ranking = f.ranking();
        List<SearchIndex.Hit> hits = index.search(req.query(), Math.max(req.k(), 10), ranking);
        metrics.searched(ranking);
        req.queryId().ifPresent(qid -> {
            Map<String, Integer> judged = cranfield.judged(qid);
            if (!judged.isEmpty()) {
                quality.add(QualityWindow.ndcgAt10(hits.stream().map(SearchIndex.Hit::id).toList(), judged));
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (SearchIndex.Hit h : hits.subList(0, Math.min(req.k(), hits.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("score", h.score());
            m.put("title", h.title());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", req.query());
        body.put("ranking", ranking.wireName());
        body.put("hits", out);
        Reply r = Reply.json(200, body);
        return new Reply(200, r.contentType(), r.body(),
                Map.of("Demo-Target-Ranking", ranking.wireName(), "Demo-Target-Delay-Ms", Long.toString(delay)));
    }

    /** Sleeps as the slow-ranker says for this search; returns the milliseconds slept. */
    private long delay(Flags.SlowRanker s) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (!s.on() || random.nextDouble() >= s.p()) {
            return 0;
        }
        long ms = s.delayMs() + (s.jitterMs() > 0 ? random.nextLong(s.jitterMs()) : 0);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, null, "the target is shutting down");
        }
        metrics.delayed(ms);
        return ms;
    }

    private static SearchRequest fromQueryString(String raw) {
        Map<String, String> p = parameters(raw);
        return request(p.get("q"), "q", p.get("k"), "k", Optional.ofNullable(p.get("qid")));
    }

    private static SearchRequest fromBody(HttpExchange ex) {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a request body", e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new Refused(413, null, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new Refused(400, null, "the body is not JSON: " + why);
        }
        if (n == null || !n.isObject()) {
            throw new Refused(400, null, "the body must be a JSON object like {\"query\": \"...\", \"top_k\": 10}");
        }
        JsonNode q = n.get("query");
        if (q != null && !q.isTextual()) {
            throw new Refused(400, "query", "query must be a string, was " + q);
        }
        JsonNode k = n.get("top_k");
        if (k != null && !k.isIntegralNumber()) {
            throw new Refused(400, "top_k", "top_k must be a whole number from 1 to " + MAX_K + ", was " + k);
        }
        JsonNode qid = n.get("query_id");
        return request(q == null ? null : q.asText(), "query", k == null ? null : k.asText(), "top_k",
                Optional.ofNullable(qid).filter(JsonNode::isValueNode).map(JsonNode::asText));
    }

    private static SearchRequest request(String q, String qField, String k, String kField, Optional<String> qid) {
        if (q == null) {
            throw new Refused(400, qField, "missing " + qField + ": the text to search for");
        }
        if (q.isBlank()) {
            throw new Refused(400, qField, qField + " is blank");
        }
        if (q.length() > MAX_QUERY_CHARS) {
            throw new Refused(400, qField, qField + " is " + q.length() + " characters long, at most " + MAX_QUERY_CHARS);
        }
        int hits = 10;
        if (k != null) {
            try {
                hits = Integer.parseInt(k.strip());
            } catch (NumberFormatException e) {
                hits = -1;
            }
            if (hits < 1 || hits > MAX_K) {
                throw new Refused(400, kField, kField + " must be a whole number from 1 to " + MAX_K + ", was '" + k + "'");
            }
        }
        return new SearchRequest(q, hits, qid);
    }

    private static Map<String, String> parameters(String raw) {
        Map<String, String> p = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return p;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                p.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new Refused(400, null, "malformed query string: " + e.getMessage());
            }
        }
        return p;
    }

    private Reply page(HttpExchange ex) {
        allow(ex, "GET", "HEAD");
        Map<String, String> p = parameters(ex.getRequestURI().getRawQuery());
        String q = p.getOrDefault("q", "").strip();
        List<SearchIndex.Hit> hits = List.of();
        Ranking ranking = currentFlags().ranking();
        if (!q.isEmpty()) {
            if (q.length() > MAX_QUERY_CHARS) {
                q = q.substring(0, MAX_QUERY_CHARS);
            }
            hits = index.search(q, 10, ranking);
        }
        byte[] html = SearchPage.render(q, hits, index.size(), ranking).getBytes(StandardCharsets.UTF_8);
        return new Reply(200, "text/html; charset=utf-8", html, Map.of(
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'",
                "X-Content-Type-Options", "nosniff"));
    }

    private Reply metrics(HttpExchange ex) {
        allow(ex, "GET", "HEAD");
        boolean openMetrics = !TargetMetrics.wantsText(ex.getRequestHeaders().getFirst("Accept"));
        String text = metrics.scrape(openMetrics, currentFlags(), flags, quality, index.size());
        return new Reply(200, openMetrics ? TargetMetrics.OPENMETRICS : TargetMetrics.TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Stops serving (requests in flight, a slow-ranker's sleep included, are interrupted) and frees the index. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (flags != null) {
            flags.close();
        }
        try {
            index.close();
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.INTERNAL, "closing the in-memory index: " + e.getMessage(), e);
        }
    }
}
