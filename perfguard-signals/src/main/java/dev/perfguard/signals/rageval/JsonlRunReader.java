package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.RankedQuery;
import dev.perfguard.core.rageval.RunEvaluator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * JSON Lines runs: {@code {"query_id": ..., "doc_id": ..., "score": <number>}} per line, with an
 * optional {@code "run_id"} (default: the file name). Lines are grouped by query before evaluation.
 */
final class JsonlRunReader implements RunReader {
    @Override
    public Optional<String> stream(Path file, RunEvaluator evaluator, boolean grouped) {
        String src = file.toString();
        Map<String, RankedQuery> byQuery = new LinkedHashMap<>();
        String[] runId = {null};
        Jsonl.read(file, "score", row -> {
            double score;
            try {
                score = Double.parseDouble(row.number);
            } catch (NumberFormatException e) {
                throw PerfguardException.badInput(src + ":" + row.line + ": score '" + row.number + "' is not a number");
            }
            byQuery.computeIfAbsent(row.queryId, q -> new RankedQuery().reset(src, q)).add(row.docId, score, row.line);
            runId[0] = row.runId;
        });
        RunEvaluator.Worker w = evaluator.worker();
        for (RankedQuery q : byQuery.values()) {
            w.accept(q);
        }
        String name = file.getFileName().toString();
        return Optional.of(runId[0] != null ? runId[0] : name.replaceFirst("\\.jsonl?(\\.gz)?$", ""));
    }
}
