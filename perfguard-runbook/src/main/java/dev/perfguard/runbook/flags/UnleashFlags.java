package dev.perfguard.runbook.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Unleash flag store, over its Admin API, for one project and one environment: a feature is on when it
 * is enabled in that environment.
 * <ul>
 *   <li>read: {@code GET /api/admin/projects/{project}/features} (each feature's {@code environments[].enabled});</li>
 *   <li>toggle: {@code POST /api/admin/projects/{project}/features/{feature}/environments/{env}/on} or {@code /off},
 *       then read back (a toggle that did not take is an error, never a success), then the change event;</li>
 *   <li>the change events: {@code GET /api/admin/search/events?feature=IS:{feature}}, the
 *       {@code feature-environment-enabled}/{@code -disabled} events of the environment ({@link #history}).</li>
 * </ul>
 * The admin token (an admin API token or a personal access token) comes from the environment variable
 * {@code tokenEnv} names and is sent as the {@code Authorization} header. Unleash records the token's user as
 * the author of a toggle; perfguard's own audit records the responder. Tested against a real
 * {@code unleash-server} 8.2.0 ({@code UnleashFlagsTest}).
 */
public final class UnleashFlags implements FlagStore {
    /** Where and as whom: the Admin API's base URL, the project, the environment, the token's variable. */
    public record Settings(URI url, String project, String environment, String tokenEnv, Duration timeout) {
        public Settings {
            Objects.requireNonNull(url, "url");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw PerfguardException.badInput("flags.unleash.url must be an http(s) URL, was " + url);
            }
            requireSegment(project, "flags.unleash.project");
            requireSegment(environment, "flags.unleash.environment");
            if (tokenEnv == null || !tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw PerfguardException.badInput("flags.unleash.token_env must name an environment variable, was " + tokenEnv);
            }
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENABLED = "feature-environment-enabled";
    private static final String DISABLED = "feature-environment-disabled";

    private final Settings settings;
    private final String token;
    private final HttpClient http;

    private UnleashFlags(Settings settings, String token) {
        this.settings = settings;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** The store with the token read from {@code env}; a missing token is a {@code CONFIG} error naming the variable. */
    public static UnleashFlags connect(Settings settings, Map<String, String> env) {
        Objects.requireNonNull(settings, "settings");
        String token = env.get(settings.tokenEnv());
        if (token == null || token.isBlank()) {
            throw new PerfguardException(ErrorCode.CONFIG, "flags.unleash.token_env names " + settings.tokenEnv()
                    + ", which is not set: set it to an Unleash admin API token");
        }
        return new UnleashFlags(settings, token.strip());
    }

    @Override
    public String describe() {
        return "unleash:" + settings.project() + "/" + settings.environment();
    }

    @Override
    public List<FlagValue> all() {
        JsonNode features = fetch(projectPath() + "/features").path("features");
        List<FlagValue> out = new ArrayList<>();
        for (JsonNode f : features) {
            out.add(FlagValue.onOff(f.path("name").asText(), enabledIn(f)));
        }
        out.sort(Comparator.comparing(FlagValue::name));
        return out;
    }

    @Override
    public Optional<FlagValue> get(String name) {
        FlagValue.requireName(name, "flag");
        Optional<JsonNode> f = fetchOptional(projectPath() + "/features/" + segment(name));
        return f.map(n -> FlagValue.onOff(name, enabledIn(n)));
    }

    @Override
    public Toggle set(String name, boolean enabled, String who) {
        FlagValue before = get(name).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                "flag " + name + " is not in Unleash project " + settings.project()));
        if (before.enabled() == enabled) {
            return new Toggle(before, before, false, Optional.empty());
        }
        String path = projectPath() + "/features/" + segment(name) + "/environments/" + segment(settings.environment())
                + (enabled ? "/on" : "/off");
        send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), path);
        FlagValue after = get(name).orElseThrow(() -> new PerfguardException(ErrorCode.REMOTE,
                "flag " + name + " disappeared from Unleash project " + settings.project() + " while being toggled"));
        if (after.enabled() != enabled) {
            throw new PerfguardException(ErrorCode.REMOTE, "Unleash answered the toggle of " + name + " but it is still "
                    + after.state() + " in " + settings.environment());
        }
        Optional<String> event = events(name).stream()
                .filter(e -> e.path("type").asText().equals(enabled ? ENABLED : DISABLED))
                .max(Comparator.comparingLong(e -> e.path("id").asLong()))
                .map(e -> e.path("id").asText() + " (" + e.path("type").asText() + " by " + e.path("createdBy").asText()
                        + " at " + e.path("createdAt").asText() + ")");
        return new Toggle(before, after, true, event);
    }

    /** The enable/disable events of this environment since {@code since}, oldest first. */
    @Override
    public List<FlagChange> history(Instant since) {
        List<FlagChange> out = new ArrayList<>();
        JsonNode events = fetch("/api/admin/search/events?project=" + enc("IS:" + settings.project()) + "&limit=1000")
                .path("events");
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            if (!(type.equals(ENABLED) || type.equals(DISABLED))
                    || !settings.environment().equals(e.path("environment").asText())) {
                continue;
            }
            Instant at = Instant.parse(e.path("createdAt").asText());
            if (at.isBefore(since)) {
                continue;
            }
            boolean on = type.equals(ENABLED);
            out.add(new FlagChange(e.path("featureName").asText(), Optional.of(on ? "off" : "on"), on ? "on" : "off", at,
                    "Unleash user " + e.path("createdBy").asText() + " (event " + e.path("id").asText() + ")", "unleash-event"));
        }
        out.sort(Comparator.comparing(FlagChange::at));
        return out;
    }

    private List<JsonNode> events(String feature) {
        List<JsonNode> out = new ArrayList<>();
        fetch("/api/admin/search/events?feature=" + enc("IS:" + feature) + "&limit=50").path("events").forEach(e -> {
            if (settings.environment().equals(e.path("environment").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    private boolean enabledIn(JsonNode feature) {
        for (JsonNode env : feature.path("environments")) {
            if (env.path("name").asText().equals(settings.environment())) {
                return env.path("enabled").asBoolean(false);
            }
        }
        return false;
    }

    private String projectPath() {
        return "/api/admin/projects/" + segment(settings.project());
    }

    private JsonNode fetch(String path) {
        return fetchOptional(path).orElseThrow(() -> new PerfguardException(ErrorCode.NOT_FOUND,
                "Unleash has no " + path + " (check flags.unleash.project and environment)"));
    }

    private Optional<JsonNode> fetchOptional(String path) {
        HttpResponse<String> r = exchange(HttpRequest.newBuilder(uri(path)).GET(), path);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check(r, path);
        try {
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.REMOTE, "Unleash " + path + " answered with other than JSON: "
                    + excerpt(r.body()), e);
        }
    }

    private void send(HttpRequest.Builder request, String path) {
        check(exchange(request, path), path);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String path) {
        try {
            return http.send(request.timeout(settings.timeout()).header("Authorization", token)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.REMOTE, "Unleash at " + settings.url() + " cannot be reached for "
                    + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PerfguardException(ErrorCode.REMOTE, "interrupted while calling Unleash " + path, e);
        }
    }

    private void check(HttpResponse<String> r, String path) {
        int s = r.statusCode();
        if (s == 401 || s == 403) {
            throw new PerfguardException(ErrorCode.REMOTE, "Unleash refused the token from " + settings.tokenEnv()
                    + " for " + path + " (HTTP " + s + "): it needs an admin API token");
        }
        if (s / 100 != 2) {
            throw new PerfguardException(ErrorCode.REMOTE, "Unleash " + path + " answered HTTP " + s + ": " + excerpt(r.body()));
        }
    }

    private URI uri(String path) {
        String base = settings.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 300 ? b.substring(0, 300) + " …" : b;
    }

    private static void requireSegment(String value, String field) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw PerfguardException.badInput(field + " must be 1-100 letters, digits, '.', '_' or '-', was " + value);
        }
    }
}
