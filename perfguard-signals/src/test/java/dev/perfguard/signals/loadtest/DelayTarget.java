package dev.perfguard.signals.loadtest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToIntFunction;

/**
 * A loopback HTTP target for load-generator tests: request {@code k} (counted from 0 in arrival order) waits
 * {@code delayMicros(k)} microseconds, then answers 200 with a short body ({@code status(k)} decides the status).
 * Counts requests and the most it ever held at once.
 */
public final class DelayTarget implements AutoCloseable {
    /** A delay in microseconds for request k. */
    public interface Delay {
        long micros(long k);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final java.util.Queue<String> paths = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private DelayTarget(Delay delay, LongToIntFunction status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            long k = requests.getAndIncrement();
            if (k < 1000) {
                paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            boolean flying = true;
            try {
                exchange.getRequestBody().readAllBytes();
                long micros = delay.micros(k);
                if (micros > 0) {
                    Thread.sleep(java.time.Duration.ofNanos(micros * 1000));
                }
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                // out of flight before the answer leaves: the client may send its next request as soon as it has
                // the answer, before this thread would otherwise get to count this one out
                inFlight.decrementAndGet();
                flying = false;
                exchange.sendResponseHeaders(status.applyAsInt(k), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (flying) {
                    inFlight.decrementAndGet();
                }
                exchange.close();
            }
        });
        server.start();
    }

    public static DelayTarget start(Delay delay) throws IOException {
        return new DelayTarget(delay, k -> 200);
    }

    public static DelayTarget start(Delay delay, LongToIntFunction status) throws IOException {
        return new DelayTarget(delay, status);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long requests() {
        return requests.get();
    }

    /** Method and raw path with query of the first 1000 requests. */
    public java.util.List<String> paths() {
        return java.util.List.copyOf(paths);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
