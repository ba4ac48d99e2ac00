package dev.perfguard.app.cli.serve;

import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.StoreOptions;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.app.wiring.Serving;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perfguard serve}: the REST API until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the incident REST API (/api/v1; /health/live, /health/ready, /metrics) until interrupted.",
                "With telemetry.prometheus and expectations configured, also watches telemetry every reporting window.",
                "Create the first admin token with 'perfguard tokens create --role admin --name NAME'."})
public final class ServeCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Mixin ConfigOption config;
    @Mixin StoreOptions storeOptions;

    ServeCommand(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public Integer call() {
        requirePort(port);
        PerfguardConfig cfg = config.load();
        requireFree(host, port);
        PrintWriter out = spec.commandLine().getOut();
        try (Perfguard perfguard = bootstrap.perfguard(cfg, storeOptions.location(cfg), Perfguard.Use.SERVER);
                Serving serving = perfguard.serve(host, port, out)) {
            out.println("perfguard serve: http://" + host + ":" + serving.port() + "/api/v1 on " + perfguard.store().description());
            out.flush();
            awaitInterrupt();
        }
        return 0;
    }

    static void requirePort(int port) {
        if (port < 0 || port > 65535) {
            throw PerfguardException.badInput("--port must be between 0 and 65535, was " + port);
        }
    }

    /** Fails with a sentence when {@code host:port} cannot be listened on now (port 0: any free one, always). */
    static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            throw PerfguardException.badInput(why.toLowerCase(Locale.ROOT).contains("in use")
                    ? "port " + port + " is in use; choose another with --port"
                    : "cannot listen on " + host + ":" + port + " (" + why + "); choose another with --port", e);
        }
    }

    /** Blocks until the JVM shuts down (Ctrl-C, SIGTERM) or this thread is interrupted. */
    static void awaitInterrupt() {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is going down: the hook has run or is running
            }
        }
    }
}
