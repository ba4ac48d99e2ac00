package dev.perfguard.app;

import dev.perfguard.app.builds.BuildsCommand;
import dev.perfguard.app.lighthouse.CheckCommand;
import dev.perfguard.app.lighthouse.DemoCommand;
import dev.perfguard.app.lighthouse.LighthouseCommand;
import dev.perfguard.app.telemetry.TelemetryCommand;
import java.util.Map;
import picocli.CommandLine;

/** Registers each top-level command; one line per command keeps merges trivial. */
final class Commands {
    private Commands() {}

    static void register(CommandLine root, Map<String, String> env) {
        root.addSubcommand(new DemoCommand());
        root.addSubcommand(new CheckCommand(env));
        root.addSubcommand(new LighthouseCommand());
        root.addSubcommand(new BuildsCommand());
        root.addSubcommand(new dev.perfguard.app.server.ServeCommand());
        root.addSubcommand(new dev.perfguard.app.server.TokensCommand());
        root.addSubcommand(new dev.perfguard.app.server.IncidentCommand(env));
        root.addSubcommand(new dev.perfguard.app.outbox.OutboxCommand());
        root.addSubcommand("rag-eval", dev.perfguard.app.rageval.RagEvalCommand.commandLine());
        root.addSubcommand(dev.perfguard.app.series.SeriesCommand.create(dev.perfguard.core.changepoint.ChangePointDetector.defaults(), () -> System.in));
        root.addSubcommand(TelemetryCommand.commandLine(java.time.Clock.systemUTC()));
    }
}
