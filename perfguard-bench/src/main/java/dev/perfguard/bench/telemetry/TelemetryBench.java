package dev.perfguard.bench.telemetry;

import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.TelemetrySettings;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Observation;
import dev.perfguard.core.telemetry.Rule;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark: the wall time of one evaluation of every expectation in a config (50 in
 * {@code scripts/bench-telemetry}) against a Prometheus, with references measured in the same run
 * and the same client: one {@code vector(1)} query (the HTTP round trip floor) and one evaluation
 * of the first expectation alone. Run by {@code scripts/bench-telemetry}. Plain code, not JMH: each
 * figure is dominated by a real Prometheus answering over HTTP (milliseconds a call), so the three are
 * timed interleaved, call by call, and their medians compared. The config is loaded by
 * {@link ConfigLoader}, as {@code perfguard telemetry check} loads it.
 *
 * <p>Arguments: config file, a time in the window to judge, repetitions.
 */
public final class TelemetryBench {
    private TelemetryBench() {}

    public static void main(String[] args) throws Exception {
        PerfguardConfig cfg = new ConfigLoader().load(Path.of(args[0]));
        Window window = Window.containing(Instant.parse(args[1]), cfg.reportingWindow());
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<Expectation> all = TelemetrySettings.expectations(cfg);
        try (PrometheusClient client = new PrometheusClient(TelemetrySettings.prometheus(cfg).orElseThrow(), cfg.telemetry().timeout())) {
            PrometheusSource source = new PrometheusSource(client);
            Evaluator evaluator = new Evaluator(source);
            List<WindowResult> results = evaluator.evaluate(all, window);
            Map<WindowVerdict, Integer> counts = new EnumMap<>(WindowVerdict.class);
            results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
            int queries = 0;
            for (Expectation e : all) {
                queries += e.rule() instanceof Rule.Relative ? 2 : 1;
            }
            System.out.printf(Locale.ROOT, "expectations: %d (%d HTTP queries per evaluation), window %s, verdicts %s%n",
                    all.size(), queries, window, counts);
            for (int i = 0; i < 5; i++) { // warm-up of all three
                evaluator.evaluate(all, window);
                evaluator.evaluate(all.get(0), window);
                source.at("vector(1)", window.end());
            }
            for (int i = 0; i < 3; i++) {
                evaluator.evaluate(all, window, 4);
            }
            double[] full = new double[reps];
            double[] par = new double[reps];
            double[] one = new double[reps];
            double[] floor = new double[reps];
            for (int i = 0; i < reps; i++) { // interleaved so drift hits all three alike
                long t0 = System.nanoTime();
                evaluator.evaluate(all, window);
                long t1 = System.nanoTime();
                evaluator.evaluate(all.get(0), window);
                long t2 = System.nanoTime();
                Observation o = source.at("vector(1)", window.end());
                long t3 = System.nanoTime();
                evaluator.evaluate(all, window, 4);
                par[i] = (System.nanoTime() - t3) / 1e6;
                if (!(o instanceof Observation.Value)) {
                    throw new IllegalStateException("reference query failed: " + o);
                }
                full[i] = (t1 - t0) / 1e6;
                one[i] = (t2 - t1) / 1e6;
                floor[i] = (t3 - t2) / 1e6;
            }
            double fullMs = median(full);
            double oneMs = median(one);
            double floorMs = median(floor);
            System.out.printf(Locale.ROOT, "evaluation of %d expectations: median %.2f ms (min %.2f, max %.2f) over %d runs%n",
                    all.size(), fullMs, min(full), max(full), reps);
            System.out.printf(Locale.ROOT, "same, 4 expectations in flight (as 'telemetry check'): median %.2f ms (min %.2f, max %.2f); "
                    + "sequential / concurrent %.2fx%n", median(par), min(par), max(par), fullMs / median(par));
            System.out.printf(Locale.ROOT, "reference, one expectation (%s):  median %.3f ms%n", all.get(0).name(), oneMs);
            System.out.printf(Locale.ROOT, "reference, one vector(1) query:      median %.3f ms%n", floorMs);
            System.out.printf(Locale.ROOT, "ratio 50 expectations / vector(1) query: %.1fx; per HTTP query: %.2fx; 50 / one expectation: %.1fx%n",
                    fullMs / floorMs, fullMs / queries / floorMs, fullMs / oneMs);
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }
}
