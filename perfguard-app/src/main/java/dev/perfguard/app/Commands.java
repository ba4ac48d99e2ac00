package dev.perfguard.app;

import java.util.Map;
import picocli.CommandLine;

/** Registers each top-level command; one line per command keeps merges trivial. */
final class Commands {
    private Commands() {}

    static void register(CommandLine root, Map<String, String> env) {
        // subcommands are added below, each built by its constructor
        root.addSubcommand(dev.perfguard.app.series.SeriesCommand.create(dev.perfguard.core.changepoint.ChangePointDetector.defaults(), () -> System.in));
    }
}
