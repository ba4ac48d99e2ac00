package dev.perfguard.app.slot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.core.loadtest.LoadTestSummary;
import dev.perfguard.core.loadtest.ThresholdResult;
import dev.perfguard.signals.loadtest.LoadTestRun;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Renders a load test's summary and threshold results. JSON has the shape of k6's {@code --summary-export}
 * ({@code metrics.http_req_duration}, {@code http_reqs}, {@code http_req_failed}, {@code iterations},
 * {@code dropped_iterations}, each threshold under its metric with {@code true} when it failed, as k6 writes
 * it), plus a {@code thresholds} list with explicit {@code ok} and, for perfguard's own runs, a
 * {@code perfguard} object (service time, scheduling error, planned iterations, whether the cap ended it).
 */
public final class LoadtestReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadtestReport() {}

    /** {@code run} is null for an import. */
    public static String render(String title, LoadTestSummary s, List<ThresholdResult> results, LoadTestRun run, LoadtestFormat format) {
        return switch (format) {
            case text -> text(title, s, results, run);
            case markdown -> markdown(title, s, results, run);
            case json -> json(s, results, run);
        };
    }

    private static String text(String title, LoadTestSummary s, List<ThresholdResult> results, LoadTestRun run) {
        StringBuilder b = new StringBuilder();
        b.append(title).append(String.format(Locale.ROOT, " (%s, %.1f s)%n", s.source(), s.durationSeconds()));
        row(b, "http_req_duration", trend(s.orderedDuration()) + (run == null ? "" : "  (from the intended start)"));
        if (!s.serviceTime().isEmpty()) {
            row(b, "service time", trend(s.orderedServiceTime()) + "  (from the actual send)");
        }
        if (run != null && run.schedulingError().getTotalCount() > 0) {
            row(b, "scheduling error", schedule(run.schedulingError()));
        }
        row(b, "http_req_failed", String.format(Locale.ROOT, "%.2f%%  %d of %d", 100 * s.failedRate(), s.failed(), s.requests()));
        row(b, "http_reqs", String.format(Locale.ROOT, "%d  %.2f/s", s.requests(), s.requestRate()));
        row(b, "iterations", String.format(Locale.ROOT, "%d  %.2f/s", s.iterations(), s.durationSeconds() == 0 ? 0 : s.iterations() / s.durationSeconds()));
        row(b, "dropped_iterations", Long.toString(s.droppedIterations()) + (s.droppedIterations() > 0 ? "  (max in flight reached)" : ""));
        if (run != null && run.capped()) {
            b.append("  the request cap (max_requests) ended the run before its stages did\n");
        }
        if (!results.isEmpty()) {
            b.append("thresholds\n");
            for (ThresholdResult r : results) {
                b.append(String.format(Locale.ROOT, "  %-6s %s  %s%n", r.passed() ? "ok" : "FAILED", r.threshold(), actual(r)));
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            b.append(failed == 0 ? "all " + results.size() + " thresholds passed\n" : failed + " of " + results.size() + " thresholds failed\n");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("  ").append(name).append(".".repeat(Math.max(2, 22 - name.length()))).append(": ").append(value).append('\n');
    }

    private static String trend(Map<String, Double> stats) {
        if (stats.isEmpty()) {
            return "(none)";
        }
        return stats.entrySet().stream().map(e -> e.getKey() + "=" + ms(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String schedule(Histogram h) {
        return String.format(Locale.ROOT, "med=%s p(99)=%s max=%s", ms(h.getValueAtPercentile(50) / 1000.0),
                ms(h.getValueAtPercentile(99) / 1000.0), ms(h.getMaxValue() / 1000.0));
    }

    static String ms(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.2fs", v / 1000);
        }
        if (v < 1) {
            return String.format(Locale.ROOT, "%.0fµs", v * 1000);
        }
        return String.format(Locale.ROOT, "%.2fms", v);
    }

    static String actual(ThresholdResult r) {
        if (r.actual().isEmpty()) {
            return "(not measured by this source)";
        }
        double v = r.actual().getAsDouble();
        String agg = r.threshold().aggregation();
        String shown = switch (r.threshold().metric()) {
            case "http_req_duration" -> ms(v);
            case "http_req_failed" -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
            default -> String.format(Locale.ROOT, agg.equals("count") ? "%.0f" : "%.2f/s", v);
        };
        return agg + "=" + shown;
    }

    private static String markdown(String title, LoadTestSummary s, List<ThresholdResult> results, LoadTestRun run) {
        StringBuilder b = new StringBuilder();
        boolean ok = ThresholdResult.allPassed(results);
        b.append("### ").append(title).append(results.isEmpty() ? "" : ok ? " — thresholds passed" : " — thresholds FAILED").append("\n\n");
        b.append(String.format(Locale.ROOT, "%s, %.1f s, %d requests (%.2f/s), %.2f%% failed, %d dropped iterations%n%n",
                s.source(), s.durationSeconds(), s.requests(), s.requestRate(), 100 * s.failedRate(), s.droppedIterations()));
        Map<String, Double> d = s.orderedDuration();
        b.append("| latency | ").append(String.join(" | ", d.keySet())).append(" |\n");
        b.append("|---|").append("---:|".repeat(d.size())).append('\n');
        b.append("| http_req_duration").append(run == null ? "" : " (from intended start)").append(" | ")
                .append(d.values().stream().map(LoadtestReport::ms).collect(Collectors.joining(" | "))).append(" |\n");
        if (!s.serviceTime().isEmpty()) {
            Map<String, Double> st = s.orderedServiceTime();
            b.append("| service time (from actual send) | ")
                    .append(d.keySet().stream().map(k -> st.containsKey(k) ? ms(st.get(k)) : "").collect(Collectors.joining(" | "))).append(" |\n");
        }
        if (!results.isEmpty()) {
            b.append("\n| threshold | result | value |\n|---|---|---:|\n");
            for (ThresholdResult r : results) {
                b.append("| `").append(r.threshold()).append("` | ").append(r.passed() ? "pass" : "**FAIL**").append(" | ")
                        .append(actual(r)).append(" |\n");
            }
        }
        return b.toString();
    }

    public static String json(LoadTestSummary s, List<ThresholdResult> results, LoadTestRun run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", s.source());
        root.putObject("state").put("testRunDurationMs", round(s.durationSeconds() * 1000));
        ObjectNode metrics = root.putObject("metrics");
        ObjectNode duration = metrics.putObject("http_req_duration");
        s.orderedDuration().forEach((k, v) -> duration.put(k, round(v)));
        ObjectNode reqs = metrics.putObject("http_reqs");
        reqs.put("count", s.requests());
        reqs.put("rate", round(s.requestRate()));
        ObjectNode failed = metrics.putObject("http_req_failed");
        failed.put("passes", s.failed());
        failed.put("fails", s.requests() - s.failed());
        failed.put("value", round(s.failedRate()));
        ObjectNode it = metrics.putObject("iterations");
        it.put("count", s.iterations());
        it.put("rate", round(s.durationSeconds() == 0 ? 0 : s.iterations() / s.durationSeconds()));
        ObjectNode dropped = metrics.putObject("dropped_iterations");
        dropped.put("count", s.droppedIterations());
        dropped.put("rate", round(s.durationSeconds() == 0 ? 0 : s.droppedIterations() / s.durationSeconds()));
        ArrayNode list = root.putArray("thresholds");
        for (ThresholdResult r : results) {
            ObjectNode m = (ObjectNode) metrics.get(r.threshold().metric());
            if (m == null) {
                m = metrics.putObject(r.threshold().metric());
            }
            ObjectNode t = m.has("thresholds") ? (ObjectNode) m.get("thresholds") : m.putObject("thresholds");
            t.put(r.threshold().expression(), !r.passed());
            ObjectNode e = list.addObject();
            e.put("metric", r.threshold().metric());
            e.put("expression", r.threshold().expression());
            if (r.actual().isPresent()) {
                e.put("actual", round(r.actual().getAsDouble()));
            } else {
                e.putNull("actual");
            }
            e.put("ok", r.passed());
        }
        if (run != null) {
            ObjectNode pg = root.putObject("perfguard");
            ObjectNode service = pg.putObject("service_time");
            s.orderedServiceTime().forEach((k, v) -> service.put(k, round(v)));
            ObjectNode lateness = pg.putObject("scheduling_error");
            Histogram h = run.schedulingError();
            if (h.getTotalCount() > 0) {
                lateness.put("med", round(h.getValueAtPercentile(50) / 1000.0));
                lateness.put("p(99)", round(h.getValueAtPercentile(99) / 1000.0));
                lateness.put("max", round(h.getMaxValue() / 1000.0));
            }
            pg.put("planned_iterations", run.planned());
            pg.put("capped", run.capped());
        }
        return write(root);
    }

    /** The latency-over-time series: per second, responses completed, failed, and p50/p99 from the intended start (ms). */
    public static String series(LoadTestRun run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("unit", "ms");
        ArrayNode points = root.putArray("points");
        for (LoadTestRun.Point p : run.series()) {
            ObjectNode o = points.addObject();
            o.put("second", p.second());
            o.put("requests", p.requests());
            o.put("failed", p.failed());
            if (Double.isNaN(p.p50Ms())) {
                o.putNull("p50");
                o.putNull("p99");
            } else {
                o.put("p50", round(p.p50Ms()));
                o.put("p99", round(p.p99Ms()));
            }
        }
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
