package dev.perfguard.app.cli.series;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code perfguard series}: commands over one metric series read from a file. */
@Command(name = "series", mixinStandardHelpOptions = true, description = "Analyses one metric series read from a file.",
        subcommands = ChangePointsCommand.class)
public final class SeriesCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
