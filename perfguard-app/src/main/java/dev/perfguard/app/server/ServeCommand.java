package dev.perfguard.app.server;

import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.StoreOptions;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perfguard serve}: the REST API until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the incident REST API (/api/v1, /health) until interrupted.",
                "With telemetry.prometheus and expectations configured, also watches telemetry every reporting window.",
                "Create the first admin token with 'perfguard tokens create --role admin --name NAME'."})
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Mixin ConfigOption config;
    @Mixin StoreOptions storeOptions;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw PerfguardException.badInput("--port must be between 0 and 65535, was " + port);
        }
        PerfguardConfig cfg = config.load();
        Store store = Store.open(storeOptions.location(cfg), Store.Pool.SERVER);
        Clock clock = Clock.systemUTC();
        PrintWriter out = spec.commandLine().getOut();
        OutboxLoop outbox = OutboxLoop.start(store, cfg, System::getenv, clock);
        IncidentService incidents = Wiring.incidentService(store, cfg, clock, outbox.routing());
        try (outbox; PerfguardServer server = PerfguardServer.start(incidents, outbox.outbox(),
                new ApiTokens(store, clock), clock, cfg.service(), host, port);
                TelemetryLoop telemetry = TelemetryLoop.serve(cfg, store, incidents, clock, out)) {
            out.println("perfguard serve: http://" + host + ":" + server.port() + "/api/v1 on " + store.description());
            out.flush();
            awaitInterrupt();
        }
        return 0;
    }

    /** Blocks until the JVM shuts down (Ctrl-C, SIGTERM). */
    public static void awaitInterrupt() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }
}
