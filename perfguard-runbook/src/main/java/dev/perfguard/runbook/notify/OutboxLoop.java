package dev.perfguard.runbook.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    private final Map<String, Channel> channels;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private OutboxLoop(Dispatcher dispatcher, Map<String, Channel> channels, Duration interval) {
        this.channels = channels;
        this.thread = Thread.ofVirtual().name("perfguard-outbox").start(() -> run(dispatcher, interval));
    }

    /**
     * Starts delivering {@code outbox}'s due messages to {@code channels} (by name) with the default
     * dispatcher settings, a pass every {@link #INTERVAL}.
     */
    public static OutboxLoop start(StoreOutbox outbox, Map<String, Channel> channels, Clock clock) {
        return new OutboxLoop(Dispatcher.withDefaults(outbox, channels, clock),
                Collections.unmodifiableMap(new LinkedHashMap<>(channels)), INTERVAL);
    }

    /** The name this process's dispatcher claims rows under: {@code host} and the process id. */
    public static String owner(String host) {
        return Objects.requireNonNull(host, "host") + "/" + ProcessHandle.current().pid();
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

    /** The names of the channels delivered to. */
    public Set<String> channelNames() {
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
