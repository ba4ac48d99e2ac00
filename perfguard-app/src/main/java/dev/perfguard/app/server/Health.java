package dev.perfguard.app.server;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.store.Store;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness, for Kubernetes probes and load balancers (no token: probes carry none).
 * Live: the process answers. Ready: the store can do the API's work now ({@link Store#health}: on SQLite
 * the file is the one opened and writable, then a round trip within {@link #TIMEOUT}); not ready is the
 * {@code STORE} error, 503 with {@code {"code","message"}} naming the cause. The change between ready and
 * not ready is logged once, not on every probe.
 */
final class Health {
    /** How long readiness waits for the store's round trip. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    private final Store store;
    private final AtomicBoolean unavailable = new AtomicBoolean();

    Health(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Returns when the store is ready; otherwise throws the {@code STORE} error saying why. */
    void requireReady() {
        switch (store.health(TIMEOUT)) {
            case Store.Health.Ready ready -> {
                if (unavailable.compareAndSet(true, false)) {
                    LOG.warn("ready again: {} answers", store.description());
                }
            }
            case Store.Health.Unavailable u -> {
                if (unavailable.compareAndSet(false, true)) {
                    LOG.error("not ready: {}", u.reason());
                }
                throw new PerfguardException(ErrorCode.STORE, u.reason());
            }
        }
    }
}
