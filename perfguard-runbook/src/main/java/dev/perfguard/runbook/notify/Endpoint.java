package dev.perfguard.runbook.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way a channel talks HTTP: requests go only to URLs under the configured base URL (same
 * scheme, host and port, a path below the base path, no {@code ..}); redirects are never followed;
 * replies are classified into {@link Delivery} results the same way for every vendor; and secrets are
 * redacted from every reason, in every form ({@link Redactor}).
 */
final class Endpoint {

    /** The longest {@code Retry-After} honoured; a larger value is clamped (a broken header must not park a message for years). */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);

    private final String channel;
    private final URI base;
    private final String basePath;
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;
    private final Redactor redactor;

    Endpoint(String channel, URI base, HttpClient client, Duration timeout, Clock clock, Redactor redactor) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.base = requireBase(base, channel + " url");
        String p = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /** Checks a configured base URL: absolute http(s), a host, no user info, query or fragment. */
    static URI requireBase(URI base, String key) {
        Objects.requireNonNull(base, key);
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!base.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null
                || base.getRawUserInfo() != null || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException(key + " '" + base
                    + "' must be an absolute http(s) URL with a host and no user info, query or fragment");
        }
        return base;
    }

    URI base() {
        return base;
    }

    /**
     * The URL of {@code pathAndQuery} (starting with {@code /}) under the base URL. Anything that would
     * leave it (another host, {@code //host}, {@code ..}, a scheme) is refused.
     */
    URI uri(String pathAndQuery) {
        String path = pathAndQuery == null ? "" : pathAndQuery.split("\\?", 2)[0];
        if (pathAndQuery == null || !pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")
                || path.contains("..") || path.contains("\\") || path.contains("@")
                || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '#')) {
            throw new IllegalArgumentException(channel + ": refusing path '" + pathAndQuery + "' outside " + base);
        }
        URI target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + pathAndQuery);
        requireAllowed(target);
        return target;
    }

    /** Refuses a URL that is not under the configured base URL. */
    void requireAllowed(URI target) {
        boolean ok = target.isAbsolute()
                && base.getScheme().equalsIgnoreCase(target.getScheme())
                && base.getHost().equalsIgnoreCase(target.getHost())
                && port(base) == port(target)
                && target.getRawUserInfo() == null
                && target.getRawPath() != null
                && (target.getRawPath() + "/").startsWith(basePath + "/")
                && !target.getRawPath().contains("..");
        if (!ok) {
            throw new IllegalArgumentException(channel + ": refusing request to " + target.getScheme() + "://"
                    + target.getHost() + ":" + port(target) + target.getRawPath() + ": outbound requests go only to "
                    + base);
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(timeout)
                .header("User-Agent", "perfguard")
                .header("Accept", "application/json");
    }

    /** A reply: status, {@code Retry-After} if any, body text. */
    record Reply(int status, Optional<String> retryAfter, Optional<String> location, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends {@code request} (whose URL is checked again), or throws the I/O failure for {@link #unreachable}. */
    Reply send(HttpRequest request) throws IOException, InterruptedException {
        requireAllowed(request.uri());
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.headers().firstValue("Retry-After"), r.headers().firstValue("Location"),
                r.body() == null ? "" : r.body());
    }

    /**
     * Sends and returns the reply, or the {@link Delivery} to answer when the request could not be made
     * (a connection error, a timeout: retry) or was refused (outside the base URL: permanent).
     */
    Outcome exchange(HttpRequest request, String what) {
        try {
            return new Outcome(send(request), null);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, new Delivery.Permanent(redact(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, new Delivery.Retry(Duration.ZERO, channel + " " + what + ": interrupted"));
        } catch (IOException e) {
            return new Outcome(null, unreachable(e, what));
        }
    }

    /** Either a reply or the delivery result that replaces it. */
    record Outcome(Reply reply, Delivery failure) {
        boolean failed() {
            return failure != null;
        }
    }

    Delivery unreachable(IOException e, String what) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new Delivery.Retry(Duration.ZERO, redact(channel + " " + what + ": cannot reach " + base.getHost()
                + ":" + port(base) + " (" + detail + ")"));
    }

    /**
     * The result for a non-2xx reply: 408, 429 and 5xx are {@link Delivery.Retry} (honouring {@code Retry-After}),
     * anything else {@link Delivery.Permanent}. {@code detail} is the vendor's error text extracted from the body.
     */
    Delivery failure(Reply reply, String what, String detail) {
        String reason = channel + " " + what + ": HTTP " + reply.status() + (detail.isBlank() ? "" : ": " + detail);
        if (reply.status() >= 300 && reply.status() < 400) {
            return new Delivery.Permanent(redact(reason + " (redirect to " + reply.location().orElse("?")
                    + " not followed: outbound requests go only to " + base + ")"));
        }
        if (retryable(reply.status())) {
            return new Delivery.Retry(retryAfter(reply.retryAfter()), redact(reason));
        }
        return new Delivery.Permanent(redact(reason));
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    Duration retryAfter(Optional<String> header) {
        return header.flatMap(h -> parseRetryAfter(h, clock.instant())).orElse(Duration.ZERO);
    }

    /**
     * Parses a {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; a date in the past
     * is zero; anything unparseable is empty. Values above {@link #MAX_RETRY_AFTER} are clamped.
     */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        Duration d;
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            d = v.length() > 9 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    /** {@code text} with this channel's secrets taken out in every form ({@link Redactor}). */
    String redact(String text) {
        return redactor.redact(text);
    }

    /** A short text of a JSON error body's string values, for a reason; bodies that are not JSON are cut. */
    static String describeBody(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Optional<JsonNode> json = Json.parse(body);
        String text = json.map(JsonNode::toString).orElse(body.strip());
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
