package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written local HTTP stub on 127.0.0.1 and a free port: records every request exactly as received
 * and answers through a vendor-specific {@link Handler}. Faults queued with {@link #failNext} are served
 * before the handler runs (the request is still recorded), to reproduce rate limiting and outages.
 */
public class Stub implements AutoCloseable {

    /** A request as the stub received it. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return Json.parse(bodyText()).orElseThrow(() -> new AssertionError("body is not JSON: " + bodyText()));
        }

        /** The first value of a query parameter, decoded. */
        public String param(String name) {
            List<String> all = params(name);
            return all.isEmpty() ? null : all.get(0);
        }

        List<String> params(String name) {
            List<String> out = new ArrayList<>();
            if (query == null) {
                return out;
            }
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                    out.add(eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }

    /** A reply to send. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body);
        }

        static Reply empty(int status) {
            return new Reply(status, Map.of(), "");
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body);
        }
    }

    public interface Handler {
        Reply handle(Request request);
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Reply> faults = new ArrayDeque<>();

    public Stub(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers,
                    exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Reply fault;
            synchronized (faults) {
                fault = faults.poll();
            }
            Reply reply;
            try {
                reply = fault != null ? fault : handler.handle(request);
            } catch (RuntimeException e) {
                reply = Reply.json(500, "{\"stub\":\"" + e + "\"}");
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    /** Serves {@code reply} to the next request instead of the handler. */
    public void failNext(Reply reply) {
        synchronized (faults) {
            faults.add(reply);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
