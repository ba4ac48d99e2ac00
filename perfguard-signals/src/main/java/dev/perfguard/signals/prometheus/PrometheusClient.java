package dev.perfguard.signals.prometheus;

import dev.perfguard.core.PerfguardException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A client of the Prometheus HTTP API ({@code /api/v1/query} and {@code /api/v1/query_range}),
 * which Thanos, Mimir and VictoriaMetrics speak too. Queries are POSTed form-encoded (long PromQL
 * does not hit URL limits). Every call is bounded by {@code timeout}: the connection, the whole
 * response, and Prometheus' own {@code timeout} parameter. A call never throws for a remote
 * problem: it answers a {@link QueryResponse.Failure} naming the server and the cause. Redirects
 * are never followed (only the configured server is ever asked): a 3xx answer is a failure naming
 * its {@code Location}.
 */
public final class PrometheusClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /** @param base the server, e.g. {@code http://prometheus:9090} or {@code http://thanos/prefix} */
    public PrometheusClient(URI base, Duration timeout) {
        this.base = requireBase(base);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw PerfguardException.badInput("Prometheus timeout must be positive and at most 10m, was " + timeout);
        }
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                // like the notify channels: only the configured server is asked, a redirect is an error
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Validates a Prometheus base URL: absolute http(s), no query or fragment. */
    public static URI requireBase(URI base) {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null || base.getRawQuery() != null
                || base.getRawFragment() != null) {
            throw PerfguardException.badInput("Prometheus URL '" + base + "' must be an absolute http(s) URL without query, like http://prometheus:9090");
        }
        return base;
    }

    public URI base() {
        return base;
    }

    /** {@code /api/v1/query}: {@code query} evaluated at {@code time}. */
    public QueryResponse instant(String query, Instant time) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("time", seconds(time));
        form.put("timeout", seconds(timeout) + "s");
        return post("/api/v1/query", form);
    }

    /** {@code /api/v1/query_range}: {@code query} evaluated at {@code start}, {@code start + step}, ... up to {@code end}. */
    public QueryResponse range(String query, Instant start, Instant end, Duration step) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", seconds(step) + "s");
        form.put("timeout", seconds(timeout) + "s");
        return post("/api/v1/query_range", form);
    }

    private QueryResponse post(String path, Map<String, String> form) {
        String where = "Prometheus " + base;
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String root = base.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + path))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var call = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            // the request timeout bounds the wait for the headers; this bounds the whole body too
            HttpResponse<byte[]> response = call.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status / 100 == 3) {
                String location = response.headers().firstValue("Location").map(PrometheusClient::shown).orElse("nowhere (no Location)");
                return new QueryResponse.Failure(QueryResponse.Kind.HTTP_ERROR, where + ": HTTP " + status + " from " + path
                        + " redirects to " + location + "; redirects are not followed, configure the URL that answers");
            }
            QueryResponse parsed = ResponseParser.parse(new ByteArrayInputStream(response.body()), where);
            // Prometheus answers errors with a JSON body and 400 (bad_data), 422 (execution), 503 (timeout, canceled)
            if (status / 100 != 2 && !(parsed instanceof QueryResponse.Failure f && f.kind() != QueryResponse.Kind.MALFORMED)) {
                return new QueryResponse.Failure(QueryResponse.Kind.HTTP_ERROR, where + ": HTTP " + status + " from " + path);
            }
            return parsed;
        } catch (TimeoutException e) {
            call.cancel(true);
            return new QueryResponse.Failure(QueryResponse.Kind.TIMEOUT, where + ": no complete answer within " + seconds(timeout) + "s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return new QueryResponse.Failure(QueryResponse.Kind.UNREACHABLE, where + ": no connection within " + seconds(timeout) + "s");
            }
            if (cause instanceof HttpTimeoutException) {
                return new QueryResponse.Failure(QueryResponse.Kind.TIMEOUT, where + ": no answer within " + seconds(timeout) + "s");
            }
            if (cause instanceof ConnectException) {
                return new QueryResponse.Failure(QueryResponse.Kind.UNREACHABLE, where + ": unreachable (connection refused)");
            }
            return new QueryResponse.Failure(QueryResponse.Kind.UNREACHABLE, where + ": " + describe(cause));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new QueryResponse.Failure(QueryResponse.Kind.INTERRUPTED, where + ": interrupted");
        }
    }

    /** A header value as shown in a message: control characters dropped, at most 300 characters. */
    private static String shown(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "");
        return clean.length() <= 300 ? clean : clean.substring(0, 300) + "...";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) {
            m = e.getCause().toString();
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Seconds with up to millisecond precision, as Prometheus accepts ({@code 1795777200}, {@code 1.5}). */
    static String seconds(Instant t) {
        long ms = t.toEpochMilli();
        return ms % 1000 == 0 ? Long.toString(ms / 1000)
                : BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    @Override
    public void close() {
        http.close();
    }
}
