package dev.perfguard.bench.loadtest;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The benchmark's target, in its own process so the generator's CPU is its own: answers every request
 * at once with a 60-byte JSON body, on a loopback port it prints on the first line of standard output.
 */
public final class LoopbackTarget {
    private LoopbackTarget() {}

    public static void main(String[] args) throws Exception {
        byte[] body = "{\"hits\":[{\"id\":\"184\",\"score\":12.5},{\"id\":\"29\",\"score\":11.0}]}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
