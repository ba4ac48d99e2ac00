package dev.perfguard.app.target;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perfguard demo-target}: serves the {@link DemoTarget} until Ctrl-C. */
@Command(name = "demo-target", mixinStandardHelpOptions = true,
        description = {"Serves a small search service over the Cranfield collection (Lucene BM25, in",
                "memory) on loopback, to aim load tests, Lighthouse and rag-eval collect at:",
                "/search, a search page at /, OpenMetrics at /metrics; flags slow-ranker and",
                "naive-ranking from a flagd file. See docs/demo-target.md.",
                "Exit 0: stopped (Ctrl-C); 2: bad input (a host that is not loopback, a busy",
                "port, a missing or invalid --flags file)."})
public final class DemoTargetCommand implements Callable<Integer> {
    /**
     * Held so the level set on it stays: Lucene logs a warning at start when the JDK's incubating vector module
     * is not enabled, which for 1,400 short abstracts makes no difference worth a line on every start.
     */
    private static final Logger LUCENE_VECTORS = Logger.getLogger("org.apache.lucene.internal.vectorization");

    @Spec CommandSpec spec;

    @Option(names = "--port", defaultValue = "8090", paramLabel = "N", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "loopback address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--flags", paramLabel = "FILE",
            description = "flagd flag-definition file with slow-ranker and naive-ranking, re-read when it changes (default: no flags)")
    Path flags;

    @Override
    public Integer call() {
        LUCENE_VECTORS.setLevel(Level.SEVERE);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        try (DemoTarget target = DemoTarget.start(host, port, Optional.ofNullable(flags), err)) {
            out.printf("demo-target: %d Cranfield documents indexed (EnglishAnalyzer; BM25 over title and abstract) in %d ms%n",
                    target.documents(), (System.nanoTime() - start) / 1_000_000);
            out.println("demo-target: serving " + target.uri() + "  (search: " + target.uri() + "search?q=...&k=10, metrics: "
                    + target.uri() + "metrics)");
            out.println("demo-target: flags " + target.flagFile().map(f -> "from " + f + ": ").orElse("(no --flags file): ")
                    + target.describeFlags());
            out.flush();
            awaitShutdown();
        }
        return 0;
    }

    /** Blocks until the JVM shuts down (Ctrl-C, SIGTERM) or this thread is interrupted. */
    private static void awaitShutdown() {
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
