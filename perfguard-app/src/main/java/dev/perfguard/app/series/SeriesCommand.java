package dev.perfguard.app.series;

import dev.perfguard.core.changepoint.ChangePointDetector;
import java.io.InputStream;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code perfguard series}: commands over one metric series read from a file. */
@Command(name = "series", mixinStandardHelpOptions = true, description = "Analyses one metric series read from a file.")
public final class SeriesCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private SeriesCommand() {}

    /** The {@code series} command with its subcommands; {@code stdin} is read for the file {@code -}. */
    public static CommandLine create(ChangePointDetector detector, Supplier<InputStream> stdin) {
        CommandLine cl = new CommandLine(new SeriesCommand());
        cl.addSubcommand(new ChangePointsCommand(detector, stdin));
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
