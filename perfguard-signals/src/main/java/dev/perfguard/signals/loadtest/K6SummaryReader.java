package dev.perfguard.signals.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.loadtest.LoadTestSummary;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads k6's {@code --summary-export} JSON: {@code metrics.http_req_duration} (trend statistics in
 * milliseconds: {@code avg}, {@code min}, {@code med}, {@code max}, {@code p(N)}), {@code metrics.http_reqs}
 * ({@code count}, {@code rate}), {@code metrics.http_req_failed} (a rate metric: {@code passes} counts the
 * requests that failed, {@code fails} those that did not, {@code value} the failed fraction),
 * {@code metrics.iterations} and {@code metrics.dropped_iterations}. The test's length is
 * {@code state.testRunDurationMs} when present, else {@code http_reqs.count / http_reqs.rate}.
 * The same shape is what {@code perfguard loadtest run --summary-export} writes, so its output reads back.
 */
public final class K6SummaryReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private K6SummaryReader() {}

    /** Parses {@code text}; {@code file} names it in errors. */
    public static LoadTestSummary parse(String file, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw PerfguardException.badInput(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
        }
        JsonNode metrics = root == null ? null : root.get("metrics");
        if (metrics == null || !metrics.isObject()) {
            throw PerfguardException.badInput(file + ": not a k6 summary export: no 'metrics' object");
        }
        JsonNode reqs = metrics.get("http_reqs");
        if (reqs == null || !reqs.path("count").isNumber()) {
            throw PerfguardException.badInput(file + ": metrics.http_reqs.count: required (a k6 summary export of an HTTP test)");
        }
        long count = reqs.get("count").asLong();
        double seconds;
        JsonNode ms = root.path("state").path("testRunDurationMs");
        if (ms.isNumber()) {
            seconds = ms.asDouble() / 1000;
        } else if (reqs.path("rate").isNumber() && reqs.get("rate").asDouble() > 0) {
            seconds = count / reqs.get("rate").asDouble();
        } else {
            seconds = 0;
        }
        Map<String, Double> duration = new LinkedHashMap<>();
        JsonNode d = metrics.get("http_req_duration");
        if (d != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isNumber()) {
                    duration.put(e.getKey(), e.getValue().asDouble());
                } else if (!e.getKey().equals("thresholds")) {
                    throw PerfguardException.badInput(file + ": metrics.http_req_duration." + e.getKey() + ": expected a number");
                }
            }
        }
        long failed = 0;
        JsonNode f = metrics.get("http_req_failed");
        if (f != null) {
            if (f.path("passes").isNumber()) {
                failed = f.get("passes").asLong();
            } else if (f.path("value").isNumber()) {
                failed = Math.round(f.get("value").asDouble() * count);
            } else {
                throw PerfguardException.badInput(file + ": metrics.http_req_failed: expected 'passes' (failed requests) or 'value'");
            }
        }
        if (failed > count) {
            throw PerfguardException.badInput(file + ": metrics.http_req_failed.passes (" + failed + ") exceeds http_reqs.count (" + count + ")");
        }
        long iterations = metrics.path("iterations").path("count").asLong(count);
        long dropped = metrics.path("dropped_iterations").path("count").asLong(0);
        return new LoadTestSummary("k6", seconds, count, failed, iterations, dropped, duration, Map.of());
    }
}
