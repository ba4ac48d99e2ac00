package dev.perfguard.app.rageval;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code perfguard rag-eval}: retrieval-quality evaluation, comparison and collection. */
@Command(name = "rag-eval", mixinStandardHelpOptions = true,
        description = "Evaluates retrieval runs exactly as trec_eval does, and compares two runs.")
public final class RagEvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private RagEvalCommand() {}

    /** The command with its subcommands, each built by its constructor. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RagEvalCommand());
        cl.addSubcommand(new EvaluateCommand());
        cl.addSubcommand(new CompareCommand());
        cl.addSubcommand(new GenerateCommand());
        cl.addSubcommand(new CollectCommand());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
