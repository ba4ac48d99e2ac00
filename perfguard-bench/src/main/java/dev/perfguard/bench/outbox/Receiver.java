package dev.perfguard.bench.outbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The receiver: counts each dedup key it acknowledged. */
final class Receiver implements AutoCloseable {
    private static final Pattern DEDUP = Pattern.compile("\"dedup_key\"\\s*:\\s*\"([^\"]+)\"");

    final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    final HttpServer server;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v2/enqueue", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = DEDUP.matcher(body);
                String key = m.find() ? m.group(1) : "";
                perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                byte[] reply = ("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + key + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(202, reply.length);
                ex.getResponseBody().write(reply);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
