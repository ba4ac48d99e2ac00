package dev.perfguard.app.cli.rageval;

import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.TrecFormatter;
import dev.perfguard.signals.rageval.QrelsReader;
import dev.perfguard.signals.rageval.RunReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code perfguard rag-eval evaluate}: trec_eval, byte for byte in {@code --format trec}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates a run against qrels with trec_eval's measures and output.",
                "Exit 0: evaluated; 2: bad input or usage (a malformed line, an empty run or qrels file, a run with no judged query);",
                "4: internal error."})
final class EvaluateCommand implements Callable<Integer> {
    enum Format { trec, json, markdown }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "Qrels: TREC, JSON Lines (.jsonl) or BEIR TSV (.tsv); may be gzipped.")
    Path qrels;

    @Option(names = "--run", required = true, paramLabel = "FILE", description = "Run: TREC or JSON Lines (.jsonl); may be gzipped.")
    Path run;

    @CommandLine.Mixin
    EvalFlags flags = new EvalFlags();

    @Option(names = "-q", description = "Print every query's values before the summary.")
    boolean perQuery;

    @Option(names = "--format", defaultValue = "trec", paramLabel = "FORMAT", description = "trec (default), json or markdown.")
    Format format;

    @Override
    public Integer call() {
        MeasureSet measures = flags.measureSet(List.of());
        Evaluation e = RunReader.evaluateFile(run, QrelsReader.readFile(qrels), measures, flags.options());
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case trec -> TrecFormatter.format(e, perQuery);
            case json -> EvaluationReport.json(e, perQuery);
            case markdown -> EvaluationReport.markdown(e, perQuery);
        });
        out.flush();
        return 0;
    }
}
