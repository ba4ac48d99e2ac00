package dev.perfguard.app.slot;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.LoadTestFinding.RetrievalMetric;
import dev.perfguard.core.incident.LoadTestFinding.Verdict;
import dev.perfguard.core.loadtest.ThresholdResult;
import dev.perfguard.core.rageval.CFormat;
import dev.perfguard.core.rageval.MeasureComparison;
import dev.perfguard.signals.loadtest.LoadGenerator;
import dev.perfguard.signals.loadtest.LoadTestRun;
import dev.perfguard.signals.loadtest.Scenario;
import dev.perfguard.signals.loadtest.ScenarioReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a confirmed load-test slot (runbook step 3.4): the scenario with the embedded generator and, when a query
 * set and qrels are given, the retrieval check around it, {@code rag-eval collect} against the target before and
 * after the load and {@code rag-eval compare} with the drop rule. What {@code perfguard incident load-test run}
 * and {@code perfguard serve}'s slot runner share; neither the server nor the API is touched here.
 */
public final class SlotRun {
    /**
     * The retrieval check.
     *
     * @param endpoint the retrieval endpoint collected from (POST, rag-eval collect's default template)
     * @param before a run collected before the test; empty: collect one right before the load starts
     * @param dataset the name re-collected metrics carry ({@code rag.ndcg_cut_10@DATASET})
     */
    public record Retrieval(URI endpoint, Path queries, Path qrels, Optional<Path> before, String dataset) {
        public Retrieval {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(queries, "queries");
            Objects.requireNonNull(qrels, "qrels");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(dataset, "dataset");
        }
    }

    /**
     * What the slot showed.
     *
     * @param verdict empty without a retrieval check (a finding needs re-collected metrics, so the slot is not completed)
     * @param artefacts by their names on the incident ({@code loadtest-N-summary.json}, ...), in upload order
     */
    public record Outcome(boolean thresholdsPassed, Optional<Verdict> verdict, String summary, List<RetrievalMetric> recollected,
            Map<String, byte[]> artefacts) {
        public Outcome {
            recollected = List.copyOf(recollected);
            artefacts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(artefacts));
        }

        /** 0 accept (or every threshold passed without a retrieval check), 1 rollback or mitigate (or a failed threshold). */
        public int exitStatus() {
            return verdict.map(v -> v == Verdict.ACCEPT ? 0 : 1).orElse(thresholdsPassed ? 0 : 1);
        }
    }

    private SlotRun() {}

    /** Reads the scenario file and checks its target is loopback or in {@code loadtest.allowed_hosts}. */
    public static Scenario scenario(Path file, List<String> allowedHosts) {
        Scenario scenario = ScenarioReader.read(file);
        TargetPolicy.check(scenario.target(), allowedHosts, file.toString());
        return scenario;
    }

    /** The retrieval endpoint: {@code endpoint} resolved against the scenario's target ({@code /search}: its path there). */
    public static URI endpoint(Scenario scenario, String endpoint) {
        try {
            return scenario.target().resolve(endpoint);
        } catch (IllegalArgumentException e) {
            throw PerfguardException.badInput("retrieval endpoint '" + endpoint + "' is not a URL or path: " + e.getMessage());
        }
    }

    /**
     * The artefacts' name prefix of attempt {@code attempt} (from 1) of slot {@code number}: {@code loadtest-N-}, then
     * {@code loadtest-N-run2-}, ... (an incident's artefact names are write-once).
     */
    public static String prefix(int number, int attempt) {
        return "loadtest-" + number + "-" + (attempt == 1 ? "" : "run" + attempt + "-");
    }

    /** Runs slot {@code number}: collects before (unless given), loads, collects after, judges. {@code work} holds the runs. */
    public static Outcome run(int number, int attempt, Scenario scenario, Optional<Retrieval> retrieval, Path work, PrintWriter log) {
        String prefix = prefix(number, attempt);
        Map<String, byte[]> artefacts = new LinkedHashMap<>();
        Optional<Path> before = retrieval.flatMap(Retrieval::before);
        if (retrieval.isPresent() && before.isEmpty()) {
            Retrieval r = retrieval.get();
            log.println("load test " + number + ": collecting the retrieval run before the test from " + r.endpoint());
            log.flush();
            before = Optional.of(RetrievalCheck.collect(r.endpoint(), r.queries(), work.resolve(prefix + "before.run"), "before").run());
        }
        log.println("load test " + number + ": running " + scenario.name() + " against " + scenario.target()
                + " for " + scenario.duration().toSeconds() + " s");
        log.flush();
        ByteArrayOutputStream hdr = new ByteArrayOutputStream();
        LoadTestRun run = LoadGenerator.run(scenario, hdr, p -> { });
        List<ThresholdResult> results = ThresholdResult.evaluate(scenario.thresholds(), run.summary());
        boolean passed = ThresholdResult.allPassed(results);
        String title = "load test " + number + ": " + scenario.name() + " against " + scenario.target();
        artefacts.put(prefix + "summary.json", bytes(LoadtestReport.json(run.summary(), results, run)));
        artefacts.put(prefix + "latency.hlog", hdr.toByteArray());
        artefacts.put(prefix + "latency-over-time.json", bytes(LoadtestReport.series(run)));
        artefacts.put(prefix + "summary.md", bytes(LoadtestReport.render(title, run.summary(), results, run, LoadtestFormat.markdown)));

        StringBuilder summary = new StringBuilder();
        var s = run.summary();
        summary.append(String.format(Locale.ROOT, "Load test %d: %s against %s, %d requests in %.1f s (%.1f/s), %d failed",
                number, scenario.name(), scenario.target(), s.requests(), s.durationSeconds(), s.requestRate(), s.failed()));
        s.durationStat("p(99)").ifPresent(p -> summary.append(", p(99) ").append(LoadtestReport.ms(p)));
        summary.append(".\n");
        List<String> failedThresholds = new ArrayList<>();
        if (results.isEmpty()) {
            summary.append("Thresholds: none declared.\n");
        } else {
            List<String> parts = new ArrayList<>();
            for (ThresholdResult t : results) {
                String what = t.threshold().metric() + " " + t.threshold().expression() + " " + (t.passed() ? "passed" : "FAILED")
                        + " (" + LoadtestReport.actual(t) + ")";
                parts.add(what);
                if (!t.passed()) {
                    failedThresholds.add(what);
                }
            }
            summary.append("Thresholds: ").append(String.join("; ", parts)).append(".\n");
        }
        if (retrieval.isEmpty()) {
            return new Outcome(passed, Optional.empty(), summary.toString().strip(), List.of(), artefacts);
        }

        Retrieval r = retrieval.get();
        log.println("load test " + number + ": collecting the retrieval run after the test");
        log.flush();
        RetrievalCheck.Collected after = RetrievalCheck.collect(r.endpoint(), r.queries(), work.resolve(prefix + "after.run"), "after");
        RetrievalCheck.Compared cmp = RetrievalCheck.compare(r.qrels(), before.orElseThrow(), after.run());
        artefacts.put(prefix + "before.run", read(before.get()));
        artefacts.put(prefix + "after.run", read(after.run()));
        summary.append(String.format(Locale.ROOT, "Retrieval on %s (%d queries, before → after the test):", r.dataset(), after.queries()));
        List<RetrievalMetric> recollected = new ArrayList<>();
        for (MeasureComparison c : cmp.measures()) {
            summary.append(String.format(Locale.ROOT, "\n  %s %s → %s (Δ %s, p(rand) %s, p(t) %s, %d failing)", c.measure(),
                    CFormat.fixed(c.before(), 4, 0), CFormat.fixed(c.after(), 4, 0), CFormat.fixed(c.delta(), 4, 0),
                    p(c.randomizationP()), p(c.tTestP()), c.failing().size()));
            recollected.add(new RetrievalMetric("rag." + c.measure(), r.dataset(), c.after()));
        }
        summary.append('\n');
        if (!after.failed().isEmpty()) {
            summary.append(after.failed().size()).append(" queries failed after the test (scored zero), first ")
                    .append(after.failed().get(0)).append(".\n");
        }
        List<String> regressions = cmp.findings().regressions();
        List<String> inconclusive = cmp.findings().inconclusive();
        Verdict verdict;
        List<String> why = new ArrayList<>();
        if (!failedThresholds.isEmpty() || !regressions.isEmpty()) {
            verdict = Verdict.ROLLBACK;
            failedThresholds.forEach(t -> why.add("threshold " + t));
            regressions.forEach(d -> why.add("significant drop: " + d));
        } else if (!inconclusive.isEmpty() || !after.failed().isEmpty()) {
            verdict = Verdict.MITIGATE;
            inconclusive.forEach(d -> why.add("inconclusive: " + d));
            if (!after.failed().isEmpty()) {
                why.add(after.failed().size() + " retrieval queries failed after the test");
            }
        } else {
            verdict = Verdict.ACCEPT;
            why.add("every threshold passed and no retrieval measure dropped (" + RetrievalCheck.DROP_RULE.describe() + ")");
        }
        summary.append("Verdict ").append(verdict.wireName()).append(":");
        why.forEach(w -> summary.append("\n  - ").append(w));
        return new Outcome(passed, Optional.of(verdict), summary.toString(), recollected, artefacts);
    }

    private static String p(double v) {
        return Double.isNaN(v) ? "n/a" : CFormat.fixed(v, 4, 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read the run: " + e.getMessage(), e);
        }
    }
}
