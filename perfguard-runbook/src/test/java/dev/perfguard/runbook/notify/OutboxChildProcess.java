package dev.perfguard.runbook.notify;

import dev.perfguard.core.retry.Backoff;
import dev.perfguard.runbook.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * The dispatcher of the crash tests, run in its own JVM: delivers the store's outbox to a PagerDuty,
 * Slack or Jira stub until it is killed. Arguments: {@code sqlite FILE - STUB_URL LEASE_MS CHANNEL} or
 * {@code postgres JDBC_URL SCHEMA STUB_URL LEASE_MS CHANNEL}, CHANNEL {@code pagerduty}, {@code slack} or {@code jira}.
 */
final class OutboxChildProcess {

    private OutboxChildProcess() {}

    public static void main(String[] args) throws InterruptedException {
        Store.Location location = args[0].equals("sqlite") ? new Store.Location.Sqlite(Path.of(args[1]))
                : new Store.Location.Postgres(args[1], args[2]);
        Store store = Store.open(location);
        StoreOutbox port = new StoreOutbox(store, "child/" + ProcessHandle.current().pid(),
                Duration.ofMillis(Long.parseLong(args[4])));
        URI stub = URI.create(args[3]);
        Channel channel = switch (args[5]) {
            case "slack" -> TestEnv.slackChannel(stub);
            case "jira" -> TestEnv.jiraChannel(stub, ArtefactSource.none());
            default -> TestEnv.pagerDutyChannel(stub);
        };
        Dispatcher d = new Dispatcher(port, Map.of(channel.name(), channel),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 5), new Random(1), Clock.systemUTC(), 10, 3,
                Duration.ofSeconds(30));
        System.out.println("child dispatcher running");
        System.out.flush();
        while (true) {
            if (d.runOnce().claimed() == 0) {
                Thread.sleep(10);
            }
        }
    }
}
