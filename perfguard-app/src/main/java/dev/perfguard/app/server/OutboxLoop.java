package dev.perfguard.app.server;

import dev.perfguard.app.config.NotifyConfigs;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.runbook.notify.Channel;
import dev.perfguard.runbook.notify.Channels;
import dev.perfguard.runbook.notify.Dispatcher;
import dev.perfguard.runbook.notify.OutboxRouting;
import dev.perfguard.runbook.notify.StoreArtefacts;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.incident.TimelineNotes;
import dev.perfguard.runbook.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox delivery of {@code perfguard serve}: one virtual thread running {@link Dispatcher#runOnce()}
 * every {@code interval} (at once again while passes come back full), until {@link #close()}, which lets the
 * pass in progress finish (up to {@link #STOP_WAIT}) before interrupting it. Rows claimed by a pass that is
 * cut short are delivered by the next dispatcher once their lease runs out.
 */
public final class OutboxLoop implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxLoop.class);

    private final StoreOutbox outbox;
    private final Map<String, Channel> channels;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private OutboxLoop(StoreOutbox outbox, Dispatcher dispatcher, Map<String, Channel> channels, Duration interval) {
        this.outbox = outbox;
        this.channels = channels;
        this.thread = Thread.ofVirtual().name("perfguard-outbox").start(() -> run(dispatcher, interval));
    }

    /**
     * Builds the configured channels (secrets from {@code env}; the console channel, the default, writes its
     * notes to the incidents' timelines) and starts delivering from {@code store}.
     */
    public static OutboxLoop start(Store store, PerfguardConfig config, Function<String, String> env, Clock clock) {
        Map<String, Channel> channels = Channels.create(NotifyConfigs.settings(config.notifications(), config.service()),
                env, Channels.httpClient(), clock, new StoreArtefacts(store), new TimelineNotes(store, clock));
        StoreOutbox port = new StoreOutbox(store, owner(), NotifyConfigs.lease(config.notifications()));
        return new OutboxLoop(port, Dispatcher.withDefaults(port, channels, clock), channels, INTERVAL);
    }

    /** The outbox this loop delivers from (the server lists and retries dead letters through it). */
    public StoreOutbox outbox() {
        return outbox;
    }

    /** Where incident changes route their messages: the channels this loop delivers to. */
    public OutboxRouting routing() {
        return OutboxRouting.to(channels.values());
    }

    private void run(Dispatcher dispatcher, Duration interval) {
        LOG.info("outbox: delivering to {}", channels.keySet());
        try {
            do {
                try {
                    Dispatcher.Report r = dispatcher.runOnce();
                    if (r.claimed() > 0) {
                        LOG.debug("outbox pass: {}", r);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("outbox pass failed ({}); next pass in {}", e.getMessage(), interval);
                }
            } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String owner() {
        String host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
        return host + "/" + ProcessHandle.current().pid();
    }

    /** The names of the channels delivered to. */
    public java.util.Set<String> channelNames() {
        return channels.keySet();
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            if (!thread.join(STOP_WAIT)) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
