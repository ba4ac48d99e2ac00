package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.EvalOptions;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.Qrels;
import dev.perfguard.core.rageval.RunEvaluator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a run and evaluates it while reading, query by query, so the run is never held whole.
 * One small reader per format; a malformed line is an error naming the file and line, a document
 * retrieved twice for one query an error naming both lines. Gzipped files are read transparently.
 */
public sealed interface RunReader permits TrecRunReader, JsonlRunReader {
    /**
     * Streams the run's queries into the evaluator.
     *
     * @param grouped when false the reader hands over each contiguous block of lines as a query
     *     and may fail with an empty result when a query id comes back later; when true it groups
     *     lines by query id first
     * @return the run id of the last line, or empty when a query was split and the caller must
     *     retry grouped with a fresh evaluator
     */
    Optional<String> stream(Path file, RunEvaluator evaluator, boolean grouped);

    /**
     * Evaluates a run file against qrels: streaming first, grouping when the run is interleaved. A run with no
     * ranked document, or none of whose queries is judged in the qrels, is bad input (as in trec_eval: "no
     * queries with both results and relevance info"): its evaluation would be all zeros, not a measurement.
     */
    default Evaluation evaluate(Path file, Qrels qrels, MeasureSet measures, EvalOptions options) {
        RunEvaluator ev = new RunEvaluator(qrels, measures, options);
        Optional<String> runId = stream(file, ev, false);
        if (runId.isEmpty()) {
            ev = new RunEvaluator(qrels, measures, options);
            runId = stream(file, ev, true);
        }
        if (ev.queriesRead() == 0) {
            throw PerfguardException.badInput(file + ": no ranked documents (the run is empty, or only blank and comment lines)");
        }
        if (ev.queriesJudged() == 0) {
            throw PerfguardException.badInput("no query of " + file + " (" + ev.queriesRead() + " read) has judgments in "
                    + qrels.source() + ": no queries with both results and relevance info; is it the right qrels file?");
        }
        return ev.finish(runId.orElseThrow());
    }

    /** The reader for a file by its name: {@code .jsonl}/{@code .json} is JSON Lines, else TREC. */
    static RunReader forFile(Path file) {
        return Input.named(file, ".jsonl", ".json") ? new JsonlRunReader() : new TrecRunReader();
    }

    /** Reads and evaluates a run in the format its name says. */
    static Evaluation evaluateFile(Path run, Qrels qrels, MeasureSet measures, EvalOptions options) {
        return forFile(run).evaluate(run, qrels, measures, options);
    }
}
