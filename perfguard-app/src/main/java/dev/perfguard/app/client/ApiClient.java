package dev.perfguard.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.incident.IncidentJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A small client of the REST API for the CLI ({@code perfguard incident ...}, {@code check
 * --report-to}). Error answers become {@link PerfguardException}s with the server's message, so the
 * CLI's exit statuses follow the server's error codes.
 */
final class ApiClient {
    /** The REST API's base path. */
    static final String API = "/api/v1";

    // HTTP/1.1, as the server speaks it: no h2c upgrade attempt on the first request
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final Optional<String> token;

    ApiClient(String server, Optional<String> token) {
        Objects.requireNonNull(server, "server");
        URI u;
        try {
            u = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException e) {
            throw PerfguardException.badInput("--server '" + server + "' is not a URL: " + e.getMessage());
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw PerfguardException.badInput("--server '" + server + "' must be an http(s) URL like http://127.0.0.1:8080");
        }
        this.base = u;
        this.token = Objects.requireNonNull(token, "token");
    }

    public JsonNode getJson(String path) {
        return IncidentJson.read(send("GET", path, null, "application/json"), JsonNode.class, "server answer");
    }

    public String getText(String path) {
        return send("GET", path, null, null);
    }

    public JsonNode postJson(String path, Object body) {
        return IncidentJson.read(send("POST", path, IncidentJson.write(body).getBytes(StandardCharsets.UTF_8),
                "application/json"), JsonNode.class, "server answer");
    }

    public JsonNode put(String path, byte[] body) {
        return IncidentJson.read(send("PUT", path, body, "application/octet-stream"), JsonNode.class, "server answer");
    }

    private String send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.REMOTE, "perfguard server " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PerfguardException(ErrorCode.REMOTE, "interrupted while calling " + base, e);
        }
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        String message = r.body();
        try {
            JsonNode err = IncidentJson.mapper().readTree(r.body());
            if (err != null && err.has("message")) {
                message = err.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: keep the raw body
        }
        ErrorCode code = switch (r.statusCode()) {
            case 400, 413, 414, 431 -> ErrorCode.BAD_INPUT; // what was sent: too large, too long, bad
            case 401, 403 -> ErrorCode.USAGE;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            default -> ErrorCode.REMOTE;
        };
        throw new PerfguardException(code, method + " " + path + ": HTTP " + r.statusCode() + ": " + message);
    }
}
