package dev.perfguard.app.builds;

import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.StoreOptions;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.BuildSummary;
import dev.perfguard.runbook.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code perfguard builds list}: what the store holds. */
@Command(name = "builds", mixinStandardHelpOptions = true, description = "Stored builds.", subcommands = BuildsCommand.ListBuilds.class)
public final class BuildsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists stored builds, newest first.")
    static final class ListBuilds implements Runnable {
        @Spec CommandSpec spec;

        @Option(names = "--branch", paramLabel = "B", description = "only this branch")
        String branch;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        Format format;

        @Mixin ConfigOption config;
        @Mixin StoreOptions storeOptions;

        enum Format { text, json }

        @Override
        public void run() {
            PerfguardConfig cfg = config.load();
            Store store = Store.open(storeOptions.location(cfg));
            List<BuildSummary> builds = new BuildStore(store).list(Optional.ofNullable(branch), Math.max(1, limit));
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                var arr = mapper.createArrayNode();
                for (BuildSummary b : builds) {
                    var n = arr.addObject();
                    n.put("id", b.build().id());
                    n.put("branch", b.build().branch());
                    n.put("commit", b.build().commit().orElse(null));
                    n.put("storedAt", Instant.ofEpochMilli(b.build().createdMs()).toString());
                    n.put("runs", b.runs());
                    n.put("failedRuns", b.failedRuns());
                }
                out.println(arr.toPrettyString());
            } else {
                out.printf("%-24s %-20s %-12s %-24s %5s %7s%n", "BUILD", "BRANCH", "COMMIT", "STORED", "RUNS", "FAILED");
                for (BuildSummary b : builds) {
                    out.printf("%-24s %-20s %-12s %-24s %5d %7d%n", b.build().id(), b.build().branch(),
                            b.build().commit().map(c -> c.length() > 12 ? c.substring(0, 12) : c).orElse("-"),
                            Instant.ofEpochMilli(b.build().createdMs()).toString(), b.runs(), b.failedRuns());
                }
                if (builds.isEmpty()) {
                    out.println("(no builds stored in " + store.description() + ")");
                }
            }
            out.flush();
        }
    }
}
