package dev.perfguard.app;

import dev.perfguard.app.builds.BuildsCommand;
import dev.perfguard.app.lighthouse.CheckCommand;
import dev.perfguard.app.lighthouse.DemoCommand;
import dev.perfguard.app.lighthouse.LighthouseCommand;
import dev.perfguard.app.telemetry.TelemetryCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Every top-level command, one line each, built by its constructor. A command line naming one
 * command builds only that one: picocli reads each command's annotations when it is added, which
 * for every command together costs a short command much of its start-up.
 */
final class Commands {
    private Commands() {}

    private record Entry(String name, Function<Map<String, String>, Object> create) {}

    private static List<Entry> all() {
        List<Entry> e = new ArrayList<>();
        e.add(new Entry("demo", env -> new DemoCommand()));
        e.add(new Entry("check", env -> new CheckCommand(env)));
        e.add(new Entry("lighthouse", env -> new LighthouseCommand()));
        e.add(new Entry("builds", env -> new BuildsCommand()));
        e.add(new Entry("rag-eval", env -> dev.perfguard.app.rageval.RagEvalCommand.commandLine()));
        e.add(new Entry("series", env -> dev.perfguard.app.series.SeriesCommand.create(
                dev.perfguard.core.changepoint.ChangePointDetector.defaults(), () -> System.in)));
        e.add(new Entry("telemetry", env -> TelemetryCommand.commandLine(java.time.Clock.systemUTC())));
        e.add(new Entry("serve", env -> new dev.perfguard.app.server.ServeCommand()));
        e.add(new Entry("tokens", env -> new dev.perfguard.app.server.TokensCommand()));
        e.add(new Entry("incident", env -> new dev.perfguard.app.server.IncidentCommand(env)));
        e.add(new Entry("outbox", env -> new dev.perfguard.app.outbox.OutboxCommand()));
        return e;
    }

    /** Adds every command, or only {@code only} when it names one. */
    static void register(CommandLine root, Map<String, String> env, Optional<String> only) {
        List<Entry> entries = all();
        boolean known = only.isPresent() && entries.stream().anyMatch(x -> x.name().equals(only.get()));
        for (Entry x : entries) {
            if (known && !x.name().equals(only.get())) {
                continue;
            }
            Object command = x.create().apply(env);
            if (command instanceof CommandLine cl) {
                root.addSubcommand(x.name(), cl);
            } else {
                root.addSubcommand(x.name(), command);
            }
        }
    }
}
