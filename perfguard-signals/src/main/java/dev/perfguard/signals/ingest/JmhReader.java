package dev.perfguard.signals.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.core.Direction;
import dev.perfguard.core.ci.CiMetric;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JMH's JSON results ({@code -rf json}): an array of benchmarks, each with {@code benchmark}, {@code mode},
 * optional {@code params} and {@code primaryMetric} ({@code score}, {@code scoreUnit}, {@code rawData}: one array
 * of iteration scores per fork). Each benchmark becomes {@code jmh.<benchmark>{mode=..., <param>=...}} with every
 * measured iteration of every fork as a sample (the score alone when {@code rawData} is absent). Throughput
 * ({@code thrpt}) is better higher; average time, sample time and single shot are better lower.
 */
final class JmhReader {
    private JmhReader() {}

    static boolean looksLike(JsonNode root) {
        return root.isArray() && !root.isEmpty() && root.get(0).has("benchmark") && root.get(0).has("primaryMetric");
    }

    static MetricFile read(String source, byte[] bytes, JsonNode root) {
        List<CiMetric> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String at = Pointer.child("", i);
            JsonNode b = root.get(i);
            String benchmark = required(source, b, at, "benchmark").asText();
            String mode = required(source, b, at, "mode").asText();
            Direction direction = switch (mode) {
                case "thrpt" -> Direction.HIGHER_IS_BETTER;
                case "avgt", "sample", "ss" -> Direction.LOWER_IS_BETTER;
                default -> throw Pointer.bad(source, Pointer.child(at, "mode"), "unknown JMH mode \"" + mode
                        + "\"; expected thrpt, avgt, sample or ss");
            };
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("mode", mode);
            JsonNode params = b.get("params");
            if (params != null && params.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    labels.put(e.getKey(), e.getValue().asText());
                }
            }
            String pm = Pointer.child(at, "primaryMetric");
            JsonNode primary = required(source, b, at, "primaryMetric");
            JsonNode score = required(source, primary, pm, "score");
            String unit = required(source, primary, pm, "scoreUnit").asText();
            List<Double> samples = new ArrayList<>();
            JsonNode raw = primary.get("rawData");
            if (raw != null && raw.isArray()) {
                for (int f = 0; f < raw.size(); f++) {
                    JsonNode fork = raw.get(f);
                    for (int k = 0; k < fork.size(); k++) {
                        JsonNode v = fork.get(k);
                        if (!v.isNumber()) {
                            throw Pointer.bad(source, Pointer.child(Pointer.child(Pointer.child(pm, "rawData"), f), k), "expected a number");
                        }
                        samples.add(v.asDouble());
                    }
                }
            }
            String name = "jmh." + benchmark;
            try {
                out.add(samples.isEmpty()
                        ? CiMetric.value(name, labels, unit, direction, number(source, score, Pointer.child(pm, "score")))
                        : CiMetric.samples(name, labels, unit, direction, samples));
            } catch (dev.perfguard.core.PerfguardException e) {
                throw Pointer.bad(source, at, e.getMessage());
            }
        }
        return MetricFile.of(source, FileKind.JMH, bytes, out);
    }

    static JsonNode required(String source, JsonNode node, String at, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw Pointer.bad(source, Pointer.child(at, field), "required field is missing");
        }
        return v;
    }

    static double number(String source, JsonNode v, String at) {
        if (!v.isNumber()) {
            throw Pointer.bad(source, at, "expected a number");
        }
        return v.asDouble();
    }
}
