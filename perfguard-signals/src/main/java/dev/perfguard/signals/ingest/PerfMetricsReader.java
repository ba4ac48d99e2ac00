package dev.perfguard.signals.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.Direction;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.ci.CiMetric;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code perf_metrics} file, validated as {@code docs/schemas/perf_metrics.schema.json} describes it; each error
 * names the file and the JSON pointer of the field. A name without a family ({@code build_seconds}) is stored in
 * the {@code ci} family ({@code ci.build_seconds}).
 */
final class PerfMetricsReader {
    static final Set<String> ROOT_FIELDS = Set.of("$schema", "build", "branch", "commit", "time", "metrics");
    static final Set<String> METRIC_FIELDS = Set.of("name", "unit", "direction", "value", "samples", "labels");

    private PerfMetricsReader() {}

    static MetricFile read(String source, byte[] bytes, JsonNode root) {
        if (!root.isObject()) {
            throw Pointer.bad(source, "", "expected a JSON object");
        }
        unknown(source, "", root, ROOT_FIELDS);
        Optional<String> build = text(source, root, "", "build", 200);
        Optional<String> branch = text(source, root, "", "branch", 200);
        Optional<String> commit = text(source, root, "", "commit", 100);
        Optional<Instant> time = text(source, root, "", "time", 64).map(t -> time(source, t));
        JsonNode metrics = root.get("metrics");
        if (metrics == null) {
            throw Pointer.bad(source, "/metrics", "required field is missing");
        }
        if (!metrics.isArray() || metrics.isEmpty()) {
            throw Pointer.bad(source, "/metrics", "expected a non-empty array of metrics");
        }
        List<CiMetric> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            String at = Pointer.child("/metrics", i);
            CiMetric m = metric(source, at, metrics.get(i));
            if (!seen.add(m.series())) {
                throw Pointer.bad(source, at, "metric " + m.series() + " appears twice (same name and labels)");
            }
            out.add(m);
        }
        return new MetricFile(source, FileKind.PERF_METRICS, bytes, build, branch, commit, time, out);
    }

    private static CiMetric metric(String source, String at, JsonNode m) {
        if (!m.isObject()) {
            throw Pointer.bad(source, at, "expected a metric object");
        }
        unknown(source, at, m, METRIC_FIELDS);
        String name = text(source, m, at, "name", 400).orElseThrow(() -> Pointer.bad(source, Pointer.child(at, "name"),
                "required field is missing"));
        String written = name;
        if (!name.contains(".")) {
            name = "ci." + name;
        }
        try {
            CiMetric.requireName(name);
        } catch (PerfguardException e) {
            throw Pointer.bad(source, Pointer.child(at, "name"), "\"" + written + "\" is not a metric name: expected family.rest,"
                    + " e.g. ci.build_seconds (family of lower-case letters, digits, '_' or '-'; no spaces, braces, '=' or ',')");
        }
        String unit = text(source, m, at, "unit", 40).orElse("");
        String dir = text(source, m, at, "direction", 10).orElseThrow(() -> Pointer.bad(source, Pointer.child(at, "direction"),
                "required field is missing; expected \"lower\" or \"higher\" (which is better)"));
        Direction direction = switch (dir) {
            case "lower" -> Direction.LOWER_IS_BETTER;
            case "higher" -> Direction.HIGHER_IS_BETTER;
            default -> throw Pointer.bad(source, Pointer.child(at, "direction"), "expected \"lower\" or \"higher\", was \"" + dir + "\"");
        };
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = m.get("labels");
        if (l != null) {
            if (!l.isObject()) {
                throw Pointer.bad(source, Pointer.child(at, "labels"), "expected an object of string values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw Pointer.bad(source, Pointer.child(Pointer.child(at, "labels"), e.getKey()), "expected a string");
                }
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode value = m.get("value");
        JsonNode samples = m.get("samples");
        if ((value == null) == (samples == null)) {
            throw Pointer.bad(source, at, "give exactly one of \"value\" (a number) or \"samples\" (an array of numbers)");
        }
        try {
            if (value != null) {
                if (!value.isNumber()) {
                    throw Pointer.bad(source, Pointer.child(at, "value"), "expected a number");
                }
                return CiMetric.value(name, labels, unit, direction, value.asDouble());
            }
            if (!samples.isArray() || samples.isEmpty()) {
                throw Pointer.bad(source, Pointer.child(at, "samples"), "expected a non-empty array of numbers");
            }
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (!samples.get(i).isNumber()) {
                    throw Pointer.bad(source, Pointer.child(Pointer.child(at, "samples"), i), "expected a number");
                }
                v.add(samples.get(i).asDouble());
            }
            return CiMetric.samples(name, labels, unit, direction, v);
        } catch (PerfguardException e) {
            if (e.getMessage().startsWith(source + ": ")) {
                throw e;
            }
            throw Pointer.bad(source, at, e.getMessage());
        }
    }

    private static Optional<String> text(String source, JsonNode node, String at, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null) {
            return Optional.empty();
        }
        String where = Pointer.child(at, field);
        if (!v.isTextual()) {
            throw Pointer.bad(source, where, "expected a string");
        }
        String s = v.asText();
        if (s.isBlank() || s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            throw Pointer.bad(source, where, "expected 1-" + max + " characters without control characters");
        }
        return Optional.of(s);
    }

    private static void unknown(String source, String at, JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw Pointer.bad(source, Pointer.child(at, f), "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static Instant time(String source, String t) {
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Pointer.bad(source, "/time", "expected an RFC 3339 date-time such as 2026-12-03T10:15:30Z, was \"" + t + "\"");
        }
    }
}
