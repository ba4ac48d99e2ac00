package dev.perfguard.app.cli.rageval;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code perfguard rag-eval}: retrieval-quality evaluation, comparison and collection. */
@Command(name = "rag-eval", mixinStandardHelpOptions = true,
        description = "Evaluates retrieval runs exactly as trec_eval does, and compares two runs.",
        subcommands = {EvaluateCommand.class, CompareCommand.class, GenerateCommand.class, CollectCommand.class})
public final class RagEvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
