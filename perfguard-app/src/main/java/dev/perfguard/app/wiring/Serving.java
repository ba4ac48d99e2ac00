package dev.perfguard.app.wiring;

import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.app.web.WebUi;
import dev.perfguard.runbook.notify.OutboxLoop;
import dev.perfguard.runbook.telemetry.TelemetryLoop;
import java.util.Objects;

/**
 * A running server: the REST API, the outbox delivery, the telemetry watch (absent when telemetry is
 * not configured) and the load-test slot runner (absent without {@code loadtest.scenario}). Closing it stops
 * the API first, so no request changes an incident while the loops finish their pass.
 */
public final class Serving implements AutoCloseable {
    private final PerfguardServer server;
    private final OutboxLoop delivery;
    private final TelemetryLoop watch;
    private final SlotRunner slots;
    private final WebUi web;

    Serving(PerfguardServer server, OutboxLoop delivery, TelemetryLoop watch, SlotRunner slots, WebUi web) {
        this.server = Objects.requireNonNull(server, "server");
        this.web = Objects.requireNonNull(web, "web");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.watch = watch;
        this.slots = slots;
    }

    /** The port the API listens on. */
    public int port() {
        return server.port();
    }

    /** The path of a link that signs a browser in as {@code token} once (a one-time code, never the token). */
    public String signInPath(String token) {
        return web.signInPath(token);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                if (watch != null) {
                    watch.close();
                }
            } finally {
                try {
                    if (slots != null) {
                        slots.close();
                    }
                } finally {
                    delivery.close();
                }
            }
        }
    }
}
