package dev.perfguard.app.cli.rageval;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.EvalOptions;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.MissingQueries;
import dev.perfguard.core.rageval.TrecEvalVersion;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The trec_eval switches shared by evaluate and compare. */
final class EvalFlags {
    @Option(names = "-m", paramLabel = "MEASURE",
            description = "A measure in trec_eval syntax (map, P.5,10, ndcg_cut.10, all_trec, ...); repeatable.")
    List<String> measures = new ArrayList<>();

    @Option(names = "-c", description = "Score qrels queries missing from the run as zero (the default; accepted for trec_eval compatibility).")
    boolean completeQueries;

    @Option(names = "--skip-missing",
            description = "Leave qrels queries missing from the run out of num_q and the averages (trec_eval 9.0.8 without -c).")
    boolean skipMissing;

    @Option(names = "-M", paramLabel = "N", description = "Keep only the top N documents of each query.")
    Long maxRetrieved;

    @Option(names = "-l", paramLabel = "N", defaultValue = "1",
            description = "Smallest relevance value that counts as relevant for binary measures (default: ${DEFAULT-VALUE}).")
    int relevanceLevel;

    @Option(names = "-J", description = "Measure only judged documents: drop unjudged ones from each ranking.")
    boolean judgedOnly;

    @Option(names = "--trec-eval-version", paramLabel = "V", defaultValue = "9.0.8",
            description = "trec_eval release to reproduce where releases differ: 9.0.8 or 10.0 (default: ${DEFAULT-VALUE}).")
    String version;

    EvalOptions options() {
        if (completeQueries && skipMissing) {
            throw new PerfguardException(ErrorCode.USAGE, "-c and --skip-missing contradict each other");
        }
        TrecEvalVersion v = TrecEvalVersion.parse(version);
        MissingQueries missing = !skipMissing ? MissingQueries.ZERO
                : v == TrecEvalVersion.V10_0 ? MissingQueries.FAIL : MissingQueries.SKIP;
        return new EvalOptions(relevanceLevel, maxRetrieved == null ? Long.MAX_VALUE : maxRetrieved, judgedOnly, missing, v);
    }

    MeasureSet measureSet(List<String> fallback) {
        return MeasureSet.parse(measures.isEmpty() ? fallback : measures, TrecEvalVersion.parse(version));
    }
}
