package dev.perfguard.app.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** What the target tests share: an HTTP client on the target, and writing a flag file as perfguard's store would. */
final class TargetClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    TargetClient(DemoTarget target) {
        this.base = target.uri();
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET /search?q=...&k=...: the parsed answer. */
    JsonNode search(String q, int k) {
        HttpResponse<String> r = get("search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&k=" + k);
        if (r.statusCode() != 200) {
            throw new AssertionError("search '" + q + "' answered " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    static List<String> ids(JsonNode answer) {
        return answer.get("hits").valueStream().map(h -> h.get("id").asText()).toList();
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Replaces {@code file} by rename, as a flag store does: readers see the old or the new file, never half of one. */
    static void writeFlags(Path file, String json) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "flags", ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A flagd file with both flags: slow-ranker's value as given (JSON), naive-ranking on or off. */
    static String flags(String slowRanker, boolean naive) {
        return """
                {
                  "$schema": "https://flagd.dev/schema/v0/flags.json",
                  "flags": {
                    "slow-ranker": {"state": "ENABLED", "variants": {"on": %s, "off": false}, "defaultVariant": "on"},
                    "naive-ranking": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "%s"}
                  }
                }
                """.formatted(slowRanker, naive ? "on" : "off");
    }
}
