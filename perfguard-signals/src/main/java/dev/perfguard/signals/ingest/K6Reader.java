package dev.perfguard.signals.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.Direction;
import dev.perfguard.core.ci.CiMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A k6 summary: the {@code --summary-export} file ({@code metrics.<name>.<stat>}) or the data a
 * {@code handleSummary} writes ({@code metrics.<name>.values.<stat>}). Read: {@code http_req_duration}'s
 * {@code avg}, {@code med}, {@code p(90)}, {@code p(95)}, {@code p(99)} and {@code max} in milliseconds (as
 * {@code k6.http_req_duration_avg_ms}, {@code k6.http_req_duration_p95_ms} ...; lower is better),
 * {@code http_reqs}' {@code rate} ({@code k6.http_reqs_rate}, requests/s, higher is better),
 * {@code http_req_failed}'s rate ({@code k6.http_req_failed_rate}, lower is better) and {@code checks}' pass
 * rate ({@code k6.checks_rate}, higher is better). Each is one value: a summary has no samples.
 */
final class K6Reader {
    private K6Reader() {}

    private static final List<String[]> DURATION_STATS = List.of(new String[] {"avg", "avg"}, new String[] {"med", "med"},
            new String[] {"p(90)", "p90"}, new String[] {"p(95)", "p95"}, new String[] {"p(99)", "p99"}, new String[] {"max", "max"});

    static boolean looksLike(JsonNode root) {
        return root.isObject() && root.path("metrics").isObject()
                && (root.has("root_group") || root.path("metrics").has("http_req_duration") || root.path("metrics").has("iterations"));
    }

    static MetricFile read(String source, byte[] bytes, JsonNode root) {
        JsonNode metrics = root.get("metrics");
        List<CiMetric> out = new ArrayList<>();
        JsonNode duration = values(metrics.get("http_req_duration"));
        if (duration != null) {
            for (String[] s : DURATION_STATS) {
                JsonNode v = duration.get(s[0]);
                if (v != null && v.isNumber()) {
                    out.add(CiMetric.value("k6.http_req_duration_" + s[1] + "_ms", Map.of(), "ms", Direction.LOWER_IS_BETTER, v.asDouble()));
                }
            }
        }
        JsonNode reqs = values(metrics.get("http_reqs"));
        if (reqs != null && reqs.path("rate").isNumber()) {
            out.add(CiMetric.value("k6.http_reqs_rate", Map.of(), "req/s", Direction.HIGHER_IS_BETTER, reqs.get("rate").asDouble()));
        }
        rate(metrics.get("http_req_failed")).ifPresent(r ->
                out.add(CiMetric.value("k6.http_req_failed_rate", Map.of(), "", Direction.LOWER_IS_BETTER, r)));
        rate(metrics.get("checks")).ifPresent(r ->
                out.add(CiMetric.value("k6.checks_rate", Map.of(), "", Direction.HIGHER_IS_BETTER, r)));
        if (out.isEmpty()) {
            throw Pointer.bad(source, "/metrics", "a k6 summary without http_req_duration, http_reqs, http_req_failed or checks");
        }
        return MetricFile.of(source, FileKind.K6, bytes, out);
    }

    private static JsonNode values(JsonNode metric) {
        if (metric == null || !metric.isObject()) {
            return null;
        }
        return metric.path("values").isObject() ? metric.get("values") : metric;
    }

    /** A rate metric: {@code rate} (handleSummary), or {@code value} ({@code --summary-export}). */
    private static java.util.Optional<Double> rate(JsonNode metric) {
        JsonNode v = values(metric);
        if (v == null) {
            return java.util.Optional.empty();
        }
        JsonNode r = v.path("rate").isNumber() ? v.get("rate") : v.get("value");
        return r != null && r.isNumber() ? java.util.Optional.of(r.asDouble()) : java.util.Optional.empty();
    }
}
