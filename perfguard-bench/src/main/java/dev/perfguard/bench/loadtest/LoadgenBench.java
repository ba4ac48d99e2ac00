package dev.perfguard.bench.loadtest;

import dev.perfguard.signals.loadtest.LoadGenerator;
import dev.perfguard.signals.loadtest.LoadTestRun;
import dev.perfguard.signals.loadtest.Scenario;
import dev.perfguard.signals.loadtest.ScenarioReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the generator at rising constant arrival rates against {@code URL} and prints one Markdown row per
 * rate: requests sent, dropped, failed, achieved rate, the generator's scheduling error (actual send minus
 * intended start: median, p99, max), latency p50/p99 from the intended start, and the process CPU per 1,000
 * requests ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}, all threads, JIT and GC
 * included; "of which JIT" is {@code CompilationMXBean}'s compilation time in the same interval, an
 * approximation of the compiler threads' share). A rate is "held" when nothing was dropped or failed, the achieved rate is within 2 % of the
 * asked one and the scheduling error's p99 is under 1 ms; the last line names the highest held rate.
 * A 15 s run at twice the first rate comes first and is not reported (JIT warm-up).
 *
 * <p>Usage: {@code loadgen URL SECONDS RATE...}; {@code -Dloadgen.path=/search?q=wing} sets the request path
 * (default {@code /search?q=bench}).
 */
public final class LoadgenBench {
    private LoadgenBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: loadgen URL SECONDS RATE...");
            System.exit(2);
        }
        String url = args[0];
        int seconds = Integer.parseInt(args[1]);
        List<Integer> rates = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            rates.add(Integer.parseInt(args[i]));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        run(url, 2 * rates.getFirst(), 15); // warm-up (JIT), not reported
        var jit = ManagementFactory.getCompilationMXBean();
        System.out.println("| asked req/s | sent | dropped | failed | achieved req/s | sched. error med / p99 / max | latency p50 / p99 | CPU ms per 1,000 req | of which JIT | held |");
        System.out.println("|---:|---:|---:|---:|---:|---|---|---:|---:|---|");
        int best = 0;
        for (int rate : rates) {
            long cpu0 = os.getProcessCpuTime();
            long jit0 = jit.getTotalCompilationTime();
            LoadTestRun run = run(url, rate, seconds);
            long cpu = os.getProcessCpuTime() - cpu0;
            long jitMs = jit.getTotalCompilationTime() - jit0;
            var s = run.summary();
            double achieved = (s.iterations() - s.droppedIterations()) / (double) seconds;
            var err = run.schedulingError();
            double p99 = err.getValueAtPercentile(99) / 1000.0;
            boolean held = s.droppedIterations() == 0 && s.failed() == 0 && Math.abs(achieved - rate) <= 0.02 * rate && p99 < 1.0;
            if (held) {
                best = Math.max(best, rate);
            }
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.0f | %.3f / %.3f / %.1f ms | %.2f / %.2f ms | %.1f | %.1f | %s |%n",
                    rate, s.requests(), s.droppedIterations(), s.failed(), achieved,
                    err.getValueAtPercentile(50) / 1000.0, p99, err.getMaxValue() / 1000.0,
                    s.durationStat("med").orElse(Double.NaN), s.durationStat("p(99)").orElse(Double.NaN),
                    s.requests() == 0 ? Double.NaN : cpu / 1e6 / (s.requests() / 1000.0),
                    s.requests() == 0 ? Double.NaN : jitMs / (s.requests() / 1000.0), held ? "yes" : "no");
            System.out.flush();
        }
        System.out.println();
        System.out.println("highest rate held (p99 scheduling error < 1 ms, nothing dropped or failed, within 2 %): "
                + (best == 0 ? "none of those tried" : best + " req/s"));
    }

    private static LoadTestRun run(String url, int rate, int seconds) {
        String yaml = """
                target: %s
                requests:
                  - path: "%s"
                stages:
                  - executor: constant-arrival-rate
                    rate: %d
                    duration: %ds
                    max_in_flight: 2000
                max_requests: %d
                timeout: 5s
                """.formatted(url, System.getProperty("loadgen.path", "/search?q=bench"), rate, seconds, (long) rate * seconds + 10);
        Scenario s = ScenarioReader.parse("bench.yaml", yaml, Path.of("."), "bench");
        return LoadGenerator.run(s, null, null);
    }
}
