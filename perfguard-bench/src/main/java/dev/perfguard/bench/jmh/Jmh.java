package dev.perfguard.bench.jmh;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH in-process ({@link Runner} over {@link Options}) for a benchmark's command and hands back its
 * scores, so the command prints its own tables and ratios. JMH's progress goes to standard error, which
 * keeps standard output for the command's Markdown.
 */
public final class Jmh {
    private Jmh() {}

    /**
     * One benchmark method's result at one set of parameters: JMH's mean over the measured iterations,
     * the half-width of its 99.9 % confidence interval ({@code NaN} with fewer than two iterations), and
     * the secondary results (profilers' figures) by label.
     */
    public record Score(String method, Map<String, String> params, double score, double error, String unit,
            Map<String, Double> secondary) {
        public Score {
            Objects.requireNonNull(method, "method");
            params = Map.copyOf(params);
            Objects.requireNonNull(unit, "unit");
            secondary = Map.copyOf(secondary);
        }

        /** The secondary result {@code label}, {@code NaN} when the run has none. */
        public double secondary(String label) {
            return secondary.getOrDefault(label, Double.NaN);
        }

        /** {@code score ± error} with {@code decimals} decimals (the error left out when there is none). */
        public String withError(int decimals) {
            String s = String.format(Locale.ROOT, "%,." + decimals + "f", score);
            return Double.isFinite(error) ? s + String.format(Locale.ROOT, " ± %,." + decimals + "f", error) : s;
        }
    }

    /** Runs {@code options} and returns one score per benchmark method and parameter set, in JMH's order. */
    public static List<Score> run(Options options) {
        PrintStream progress = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Collection<RunResult> results;
        try {
            results = new Runner(options, OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL)).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed: " + e.getMessage(), e);
        }
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark();
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : p.getParamsKeys()) {
                params.put(key, p.getParam(key));
            }
            Map<String, Double> secondary = new LinkedHashMap<>();
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                secondary.put(e.getKey(), e.getValue().getScore());
            }
            Result primary = r.getPrimaryResult();
            scores.add(new Score(name.substring(name.lastIndexOf('.') + 1), params, primary.getScore(), primary.getScoreError(),
                    primary.getScoreUnit(), secondary));
        }
        if (scores.isEmpty()) {
            throw new IllegalStateException("JMH ran no benchmark for " + options.getIncludes()
                    + " (is META-INF/BenchmarkList in the jar?)");
        }
        return scores;
    }

    /** The score of {@code method} whose parameters include {@code params}; fails when the run has none. */
    public static Score find(List<Score> scores, String method, Map<String, String> params) {
        return scores.stream()
                .filter(s -> s.method().equals(method) && s.params().entrySet().containsAll(params.entrySet()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JMH result for " + method + " " + params));
    }
}
