package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The fast-fix branch's rerun: asks CI to build again, the way GitHub Actions' {@code workflow_dispatch} is asked
 * ({@code POST .../actions/workflows/{workflow}/dispatches} with {@code {"ref", "inputs"}}, a bearer token, answered
 * 204). Any CI with a JSON trigger of that shape works; {@code {incident}} in an input's value becomes the incident's
 * id, so the workflow can report its check back to the same incident. One bounded request, no redirects; the token
 * never reaches an error message.
 */
public final class RerunHook {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The configured hook: the full trigger URL, the token's environment variable, the ref and the inputs. */
    public record Settings(URI url, String tokenEnv, String ref, Map<String, String> inputs) {
        public Settings {
            Endpoint.requireBase(url, "rerun.url");
            Objects.requireNonNull(tokenEnv, "tokenEnv");
            Objects.requireNonNull(ref, "ref");
            inputs = Map.copyOf(inputs);
        }
    }

    /** What CI answered: the HTTP status and a short reason. */
    public record Triggered(int status, String what) {}

    private final Settings settings;
    private final Function<String, String> env;
    private final HttpClient client;

    /** The token is read from {@code env} when a rerun is asked for, so commands that never ask need not have it. */
    public RerunHook(Settings settings, Function<String, String> env, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.env = Objects.requireNonNull(env, "env");
        this.client = Objects.requireNonNull(client, "client");
    }

    public Settings settings() {
        return settings;
    }

    /** Triggers the rerun for {@code incidentId}; a refusal or no answer is a {@code REMOTE} error saying which. */
    public Triggered trigger(String incidentId) {
        Secret token = Secret.fromEnv(env, settings.tokenEnv(), "rerun.token_env");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", settings.ref());
        Map<String, String> inputs = new LinkedHashMap<>();
        settings.inputs().forEach((k, v) -> inputs.put(k, v.replace("{incident}", incidentId)));
        if (!inputs.isEmpty()) {
            body.put("inputs", inputs);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(settings.url()).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token.reveal())
                    .header("Accept", "application/vnd.github+json")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.INTERNAL, "rerun request body: " + e.getMessage(), e);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.REMOTE, "rerun hook " + settings.url() + " did not answer: "
                    + redact(String.valueOf(e.getMessage()), token), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PerfguardException(ErrorCode.REMOTE, "rerun hook interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new PerfguardException(ErrorCode.REMOTE, "rerun hook " + settings.url() + " refused: HTTP " + status
                    + reason(response.body(), token));
        }
        return new Triggered(status, "HTTP " + status + " for ref " + settings.ref());
    }

    private static String reason(String body, Secret token) {
        String b = body == null ? "" : body.strip();
        if (b.isEmpty()) {
            return "";
        }
        try {
            var node = JSON.readTree(b);
            if (node.hasNonNull("message")) {
                return " (" + redact(node.get("message").asText(), token) + ")";
            }
        } catch (IOException notJson) {
            // a body that is not JSON is cut below
        }
        return " (" + redact(b.length() > 200 ? b.substring(0, 200) + "..." : b, token) + ")";
    }

    private static String redact(String text, Secret token) {
        return text.replace(token.reveal(), "[" + token.variable() + "]");
    }
}
