package dev.perfguard.bench;

import dev.perfguard.bench.changepoint.ChangePointBench;
import dev.perfguard.bench.lighthouse.LhrReadBench;
import dev.perfguard.bench.loadtest.LoadgenBench;
import dev.perfguard.bench.loadtest.LoopbackTarget;
import dev.perfguard.bench.outbox.OutboxBench;
import dev.perfguard.bench.telemetry.TelemetryBench;
import dev.perfguard.bench.web.WebBench;
import java.util.Arrays;
import org.openjdk.jmh.Main;

/**
 * The benchmark jar's entry point: {@code java -jar perfguard-bench.jar BENCHMARK ARGS...}, where
 * BENCHMARK names the {@code scripts/bench-*} it serves ({@code changepoints}, {@code lighthouse},
 * {@code loadgen} with {@code loadgen-target}, {@code outbox}, {@code telemetry}, {@code web}), or {@code jmh} for JMH's own command line over the micro-benchmarks
 * ({@code jmh -l} lists them).
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "" : args[0]) {
            case "changepoints" -> ChangePointBench.main(rest);
            case "lighthouse" -> LhrReadBench.main(rest);
            case "outbox" -> OutboxBench.main(rest);
            case "loadgen" -> LoadgenBench.main(rest);
            case "loadgen-target" -> LoopbackTarget.main(rest);
            case "telemetry" -> TelemetryBench.main(rest);
            case "web" -> WebBench.main(rest);
            case "jmh" -> Main.main(rest);
            default -> {
                System.err.println("usage: java -jar perfguard-bench.jar changepoints|lighthouse|loadgen|loadgen-target|outbox|telemetry|web|jmh ARGS...");
                System.exit(2);
            }
        }
    }
}
