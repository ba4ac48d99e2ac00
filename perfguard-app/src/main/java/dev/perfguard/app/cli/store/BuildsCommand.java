package dev.perfguard.app.cli.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.runbook.builds.BuildSummary;
import dev.perfguard.runbook.ci.CiBuildSummary;
import dev.perfguard.runbook.ci.MetricPoints;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perfguard builds list}: what the store holds. */
@Command(name = "builds", mixinStandardHelpOptions = true, description = "Stored builds.", subcommands = BuildsCommand.ListBuilds.class)
public final class BuildsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"Lists stored builds, newest first: the builds whose",
            "Lighthouse runs 'perfguard check' stored, then the builds whose CI metrics 'perfguard ingest' stored",
            "(--limit applies to each)."})
    static final class ListBuilds extends OnStore {

        @Option(names = "--branch", paramLabel = "B", description = "only this branch")
        String branch;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
        Format format;

        enum Format { text, json }

        /** How many branches an empty listing of one branch names. */
        private static final int BRANCHES_NAMED = 20;

        ListBuilds(Bootstrap bootstrap) {
            super(bootstrap);
        }

        @Override
        void run(Perfguard perfguard, PrintWriter out) {
            List<BuildSummary> builds = perfguard.builds().list(Optional.ofNullable(branch), Math.max(1, limit));
            MetricPoints points = perfguard.metricPoints();
            List<CiBuildSummary> ingested = points.list(Optional.ofNullable(branch), Math.max(1, limit));
            if (format == Format.json) {
                ArrayNode arr = new ObjectMapper().createArrayNode();
                for (BuildSummary b : builds) {
                    ObjectNode n = entry(arr, "lighthouse", b.build().id(), b.build().branch(), b.build().commit());
                    n.put("storedAt", Instant.ofEpochMilli(b.build().createdMs()).toString());
                    n.put("runs", b.runs());
                    n.put("failedRuns", b.failedRuns());
                }
                for (CiBuildSummary b : ingested) {
                    ObjectNode n = entry(arr, "ingested", b.build().id(), b.build().branch(), b.build().commit());
                    n.put("time", Instant.ofEpochMilli(b.build().timeMs()).toString());
                    n.put("metrics", b.metrics());
                    ArrayNode sources = n.putArray("sources");
                    b.sources().forEach(sources::add);
                }
                out.println(arr.toPrettyString());
            } else {
                if (!builds.isEmpty() || ingested.isEmpty()) {
                    out.printf("%-24s %-20s %-12s %-24s %5s %7s%n", "BUILD", "BRANCH", "COMMIT", "STORED", "RUNS", "FAILED");
                }
                for (BuildSummary b : builds) {
                    out.printf("%-24s %-20s %-12s %-24s %5d %7d%n", b.build().id(), b.build().branch(), shortSha(b.build().commit()),
                            Instant.ofEpochMilli(b.build().createdMs()).toString(), b.runs(), b.failedRuns());
                }
                if (!ingested.isEmpty()) {
                    if (!builds.isEmpty()) {
                        out.println();
                    }
                    out.printf("%-24s %-20s %-12s %-24s %7s  %s%n", "INGESTED BUILD", "BRANCH", "COMMIT", "TIME", "METRICS", "SOURCES");
                    for (CiBuildSummary b : ingested) {
                        out.printf("%-24s %-20s %-12s %-24s %7d  %s%n", b.build().id(), b.build().branch(), shortSha(b.build().commit()),
                                Instant.ofEpochMilli(b.build().timeMs()).toString(), b.metrics(),
                                b.sources().isEmpty() ? "-" : String.join(",", b.sources()));
                    }
                }
                if (builds.isEmpty() && ingested.isEmpty()) {
                    TreeSet<String> named = new TreeSet<>();
                    if (branch != null) {
                        named.addAll(perfguard.builds().branches(BRANCHES_NAMED + 1));
                        named.addAll(points.branches(BRANCHES_NAMED + 1));
                    }
                    List<String> branches = List.copyOf(named);
                    if (branches.isEmpty()) {
                        out.println("(no builds stored in " + perfguard.store().description() + ")");
                    } else {
                        out.println("no builds on branch " + branch + " (branches with builds: "
                                + String.join(", ", branches.subList(0, Math.min(BRANCHES_NAMED, branches.size())))
                                + (branches.size() > BRANCHES_NAMED ? ", ..." : "") + ")");
                    }
                }
            }
        }

        /** A build's JSON entry with the fields every kind has. */
        private static ObjectNode entry(ArrayNode arr, String kind, String id, String branch, Optional<String> commit) {
            ObjectNode n = arr.addObject();
            n.put("kind", kind);
            n.put("id", id);
            n.put("branch", branch);
            n.put("commit", commit.orElse(null));
            return n;
        }

        private static String shortSha(Optional<String> commit) {
            return commit.map(c -> c.length() > 12 ? c.substring(0, 12) : c).orElse("-");
        }
    }
}
