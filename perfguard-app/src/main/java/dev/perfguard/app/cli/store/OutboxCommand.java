package dev.perfguard.app.cli.store;

import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.notify.StoreOutbox;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code perfguard outbox}: lists outbound messages and sends dead letters again, directly on the store. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Lists outbox messages by state and re-sends dead letters.",
        subcommands = {OutboxCommand.ListMessages.class, OutboxCommand.Retry.class})
public final class OutboxCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists messages in one state, oldest first, tab-separated:",
                    "id, channel, dedup key, attempts, next attempt, last error or external reference."})
    static final class ListMessages extends OnStore {
        @Option(names = "--state", defaultValue = "dead", paramLabel = "S",
                description = "dead, pending or delivered (default: ${DEFAULT-VALUE})") String state;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N rows (default: ${DEFAULT-VALUE})") int limit;

        ListMessages(Bootstrap bootstrap) {
            super(bootstrap);
        }

        @Override
        void run(Perfguard perfguard, PrintWriter out) {
            if (limit < 1 || limit > StoreOutbox.MAX_LIST) {
                throw PerfguardException.badInput("--limit must be between 1 and " + StoreOutbox.MAX_LIST + ", was " + limit);
            }
            StoreOutbox.State s = StoreOutbox.State.parse(state);
            List<StoreOutbox.Entry> entries = perfguard.outbox().list(s, limit);
            if (entries.isEmpty()) {
                // standard error: the list on standard output stays empty for scripts
                spec.commandLine().getErr().println(switch (s) {
                    case DEAD -> "no dead letters";
                    case PENDING -> "no pending messages";
                    case DELIVERED -> "no delivered messages";
                } + " in " + perfguard.store().description());
            }
            for (StoreOutbox.Entry e : entries) {
                String detail = switch (e.state()) {
                    case DELIVERED -> e.externalRef().orElse("");
                    case PENDING, DEAD -> e.lastError().orElse("");
                };
                out.println(e.id() + "\t" + e.channel() + "\t" + e.dedupKey() + "\t" + e.attempts() + "\t"
                        + e.nextAttemptAt() + "\t" + detail.replace('\n', ' ').replace('\t', ' '));
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Sends a dead letter again: pending, due now, attempts counted from zero.",
                    "An unknown id exits 2; a message that is not dead (pending or delivered) exits 3."})
    static final class Retry extends OnStore {
        @Parameters(paramLabel = "ID", description = "the message id from 'perfguard outbox list'") String id;

        Retry(Bootstrap bootstrap) {
            super(bootstrap);
        }

        @Override
        void run(Perfguard perfguard, PrintWriter out) {
            perfguard.outbox().retry(id, perfguard.clock());
            out.println("outbox message " + id + " is pending again");
        }
    }
}
