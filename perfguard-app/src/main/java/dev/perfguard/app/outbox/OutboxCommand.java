package dev.perfguard.app.outbox;

import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.StoreOptions;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    static StoreOutbox open(ConfigOption config, StoreOptions storeOptions) {
        return new StoreOutbox(Store.open(storeOptions.location(config.load())), "cli", Duration.ofMinutes(2));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists messages in one state, oldest first, tab-separated:",
                    "id, channel, dedup key, attempts, next attempt, last error or external reference."})
    static final class ListMessages implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--state", defaultValue = "dead", paramLabel = "S",
                description = "dead, pending or delivered (default: ${DEFAULT-VALUE})") String state;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "at most N rows (default: ${DEFAULT-VALUE})") int limit;
        @Mixin ConfigOption config;
        @Mixin StoreOptions storeOptions;

        @Override
        public Integer call() {
            if (limit < 1 || limit > StoreOutbox.MAX_LIST) {
                throw PerfguardException.badInput("--limit must be between 1 and " + StoreOutbox.MAX_LIST + ", was " + limit);
            }
            StoreOutbox.State s = StoreOutbox.State.parse(state);
            PrintWriter out = spec.commandLine().getOut();
            for (StoreOutbox.Entry e : open(config, storeOptions).list(s, limit)) {
                String detail = switch (e.state()) {
                    case DELIVERED -> e.externalRef().orElse("");
                    case PENDING, DEAD -> e.lastError().orElse("");
                };
                out.println(e.id() + "\t" + e.channel() + "\t" + e.dedupKey() + "\t" + e.attempts() + "\t"
                        + e.nextAttemptAt() + "\t" + detail.replace('\n', ' ').replace('\t', ' '));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Sends a dead letter again: pending, due now, attempts counted from zero.",
                    "An unknown id exits 2; a message that is not dead (pending or delivered) exits 3."})
    static final class Retry implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "the message id from 'perfguard outbox list'") String id;
        @Mixin ConfigOption config;
        @Mixin StoreOptions storeOptions;

        @Override
        public Integer call() {
            open(config, storeOptions).retry(id, Clock.systemUTC());
            spec.commandLine().getOut().println("outbox message " + id + " is pending again");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
