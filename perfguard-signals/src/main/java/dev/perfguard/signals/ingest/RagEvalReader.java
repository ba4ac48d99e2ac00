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
 * {@code perfguard rag-eval evaluate --format json}: {@code run_id}, {@code trec_eval_version}, {@code summary}
 * (measure → value) and, with {@code -q}, {@code queries} ({@code query_id}, {@code missing}, {@code values}).
 * Each numeric summary measure but the counts ({@code num_*}) becomes {@code rag.<measure>} (higher is better,
 * unitless), with the per-query values as samples when the file has them, else the summary value.
 */
final class RagEvalReader {
    private RagEvalReader() {}

    static boolean looksLike(JsonNode root) {
        return root.isObject() && root.path("summary").isObject() && root.has("trec_eval_version");
    }

    static MetricFile read(String source, byte[] bytes, JsonNode root) {
        Map<String, List<Double>> perQuery = new LinkedHashMap<>();
        JsonNode queries = root.get("queries");
        if (queries != null && queries.isArray()) {
            for (JsonNode q : queries) {
                for (Iterator<Map.Entry<String, JsonNode>> it = q.path("values").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isNumber()) {
                        perQuery.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().asDouble());
                    }
                }
            }
        }
        List<CiMetric> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("summary").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String measure = e.getKey();
            if (!e.getValue().isNumber() || measure.startsWith("num_")) {
                continue;
            }
            String name = "rag." + measure.replace('.', '_');
            List<Double> samples = perQuery.get(measure);
            try {
                out.add(samples == null || samples.isEmpty()
                        ? CiMetric.value(name, Map.of(), "", Direction.HIGHER_IS_BETTER, e.getValue().asDouble())
                        : CiMetric.samples(name, Map.of(), "", Direction.HIGHER_IS_BETTER, samples));
            } catch (dev.perfguard.core.PerfguardException ex) {
                throw Pointer.bad(source, Pointer.child("/summary", measure), ex.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw Pointer.bad(source, "/summary", "no numeric measure");
        }
        return MetricFile.of(source, FileKind.RAG_EVAL, bytes, out);
    }
}
