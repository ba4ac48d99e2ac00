package dev.perfguard.signals.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.Direction;
import dev.perfguard.core.incident.ClosingGate;
import dev.perfguard.core.incident.Incident;
import dev.perfguard.core.incident.MetricOutcome;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.telemetry.Aggregate;
import dev.perfguard.core.telemetry.Baseline;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Rule;
import dev.perfguard.core.telemetry.TelemetryDiscrepancies;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expectations judged against a real Prometheus over a generated history ({@link TelemetryHistory}):
 * the windows flagged, the incident opened at the first bad window, the closing gate satisfied exactly
 * after two good windows, and Prometheus stopped mid-run. Writes the transcript to
 * {@code target/telemetry-windows.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180)
class RealPrometheusTest {
    static final Duration H = Duration.ofHours(1);
    static final String PANEL = "https://grafana.theo.internal/d/edge-latency/api-latency-distribution?viewPanel=4";
    static final String P95 = TelemetryHistory.SEARCH_P95;
    static final String ERRORS = "sum(rate(http_requests_total{route=\"/api/search\",status=~\"5..\"}[$__window]))"
            + " / sum(rate(http_requests_total{route=\"/api/search\"}[$__window]))";
    static final String NDCG = "avg_over_time(rag_online_ndcg_at_10{dataset=\"online\"}[$__window])";

    static final List<Expectation> EXPECTATIONS = List.of(
            exp("search p95 latency", P95, "edge.latency_p95_s{route=/api/search}", Rule.Absolute.max(0.3), PANEL),
            exp("search p95 vs yesterday", P95, "edge.latency_p95_s{route=/api/search}",
                    new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0.25, true, Direction.LOWER_IS_BETTER), PANEL),
            exp("search error ratio", ERRORS, "edge.error_ratio{route=/api/search}", Rule.Absolute.max(0.01), PANEL),
            exp("online nDCG@10", NDCG, "rag.online_ndcg_at_10", Rule.Absolute.min(0.6),
                    "https://grafana.theo.internal/d/rag-quality/rag-retrieval-efficacy?viewPanel=2"),
            exp("online nDCG@10 vs trailing", NDCG, "rag.online_ndcg_at_10",
                    new Rule.Relative(new Baseline.Trailing(3), 0.05, false, Direction.HIGHER_IS_BETTER), null),
            exp("requests by status (two series)", "sum by (status) (rate(http_requests_total[$__window]))", "edge.request_rate",
                    Rule.Absolute.max(1000), null),
            exp("missing series", "rate(http_request_duration_seconds_count{route=\"/nope\"}[$__window])", "edge.nope",
                    Rule.Absolute.max(1), null));

    LocalPrometheus prometheus;
    PrometheusClient client;
    final StringBuilder transcript = new StringBuilder();

    static Expectation exp(String name, String query, String metric, Rule rule, String panel) {
        return new Expectation(name, query, metric, rule, Optional.empty(), Optional.ofNullable(panel).map(URI::create));
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        prometheus = LocalPrometheus.start(tmp, TelemetryHistory.openMetrics());
        client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(5));
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        Path out = Path.of("target", "telemetry-windows.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, transcript.toString(), StandardCharsets.UTF_8);
    }

    static Window window(int hour) {
        return new Window(TelemetryHistory.hour(hour), H);
    }

    @Test
    @Order(1)
    void windowsFlaggedIncidentOpenedAndClosableExactlyAfterTwoGoodWindows() {
        Evaluator evaluator = new Evaluator(new PrometheusSource(client));
        ClosingGate gate = new ClosingGate(2, H);
        Map<String, List<WindowVerdict>> verdicts = new LinkedHashMap<>();
        List<WindowResult> history = new ArrayList<>();
        List<ReportingWindow> windows = new ArrayList<>();
        Incident incident = null;
        Instant closableAt = null;
        transcript.append("Telemetry windows against a real Prometheus (").append(prometheus.url()).append(")\n")
                .append("history: ").append(TelemetryHistory.START).append(" + 36h; latency regresses at ")
                .append(TelemetryHistory.REGRESSION).append(", quality drops at ").append(TelemetryHistory.QUALITY_DROP)
                .append(", both recover at ").append(TelemetryHistory.RECOVERY).append("\n\n");
        for (int hour = 24; hour < 36; hour++) {
            Window w = window(hour);
            Instant now = w.end(); // the watch evaluates a window when it closes
            List<WindowResult> results = evaluator.evaluate(EXPECTATIONS, w);
            transcript.append("window ").append(w).append('\n');
            for (WindowResult r : results) {
                verdicts.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r.verdict());
                transcript.append(String.format(Locale.ROOT, "  %-32s %-8s value=%-10s baseline=%-10s %s%n", r.name(),
                        r.verdict().wireName(), fmt(r.value()), fmt(r.baseline()), r.detail()));
            }
            // incident: the three edge expectations open it at the first breach, later breaches attach
            var discrepancies = TelemetryDiscrepancies.ofWindow(results.stream().filter(r -> r.metric().startsWith("edge.")).toList(), history);
            if (!discrepancies.isEmpty()) {
                if (incident == null) {
                    incident = Incident.open("INC-1", "theo-engine-web", discrepancies, "perfguard", now);
                    transcript.append("  -> incident INC-1 opened (").append(incident.fingerprint().key()).append(") for ")
                            .append(incident.triggeringMetrics()).append('\n');
                } else {
                    incident = incident.attach(discrepancies, "perfguard", now);
                    transcript.append("  -> INC-1 updated with ").append(discrepancies.size()).append(" discrepancies\n");
                }
            }
            history.addAll(results);
            windows.add(Evaluator.toReportingWindow(w, results.stream().filter(r -> r.metric().startsWith("edge.")
                    && !r.metric().equals("edge.request_rate") && !r.metric().equals("edge.nope")).toList()));
            if (incident != null) {
                ClosingGate.Result gr = gate.evaluate(incident.triggeringMetrics(), windows, incident.openedAt(), now);
                transcript.append("  -> closing gate at ").append(now).append(": ")
                        .append(gr instanceof ClosingGate.Result.NotClosable nc ? "not closable: " + nc.reason() : "CLOSABLE").append('\n');
                if (gr instanceof ClosingGate.Result.Closable && closableAt == null) {
                    closableAt = now;
                }
            }
        }
        if (incident != null) {
            transcript.append("\nincident ").append(incident.id()).append(" timeline:\n");
            for (var entry : incident.timeline()) {
                transcript.append("  ").append(entry.seq()).append(". ").append(entry.at()).append(' ').append(entry.who()).append(" — ")
                        .append(entry.what()).append('\n');
            }
            transcript.append("closing gate first satisfied at ").append(closableAt).append('\n');
        }
        System.out.print(transcript);

        List<WindowVerdict> regressedInWindows28to30 = verdicts(24, 36, Set.of(28, 29, 30));
        assertThat(verdicts.get("search p95 latency")).isEqualTo(regressedInWindows28to30);
        assertThat(verdicts.get("search p95 vs yesterday")).isEqualTo(regressedInWindows28to30);
        assertThat(verdicts.get("search error ratio")).isEqualTo(regressedInWindows28to30);
        assertThat(verdicts.get("online nDCG@10")).isEqualTo(verdicts(24, 36, Set.of(29, 30)));
        assertThat(verdicts.get("online nDCG@10 vs trailing")).isEqualTo(verdicts(24, 36, Set.of(29, 30)));
        assertThat(verdicts.get("requests by status (two series)")).containsOnly(WindowVerdict.ERROR);
        assertThat(verdicts.get("missing series")).containsOnly(WindowVerdict.NO_DATA);

        assertThat(incident).isNotNull();
        assertThat(incident.openedAt()).isEqualTo(window(28).end());
        assertThat(new TreeSet<>(incident.triggeringMetrics())).containsExactly(
                "edge.error_ratio{route=/api/search}", "edge.latency_p95_s{route=/api/search}");
        // bad 28, 29, 30; good 31 and 32: closable when 32 has closed, not a window earlier
        assertThat(closableAt).isEqualTo(window(32).end());

        // the values themselves, from Prometheus' own arithmetic over the generated buckets
        WindowResult bad = history.stream().filter(r -> r.name().equals("search p95 latency") && r.window().equals(window(28)))
                .findFirst().orElseThrow();
        assertThat(bad.value().getAsDouble()).isCloseTo(0.75, Offset.offset(1e-9));
        assertThat(bad.query()).contains("[1h]").doesNotContain("$__window");
        assertThat(bad.evaluatedAt()).isEqualTo(window(28).end().minusMillis(1));
        assertThat(bad.panel().orElseThrow().url().toString()).isEqualTo(PANEL + "&from=" + window(28).start().toEpochMilli()
                + "&to=" + window(28).end().toEpochMilli());
        WindowResult good = history.stream().filter(r -> r.name().equals("search p95 latency") && r.window().equals(window(27)))
                .findFirst().orElseThrow();
        assertThat(good.value().getAsDouble()).isCloseTo(0.1 + 0.15 * 0.25 / 0.28, Offset.offset(1e-9));
    }

    @Test
    @Order(2)
    void prometheusStoppedMidRunGivesErrorVerdictsNotACrash(@TempDir Path own) throws Exception {
        try (LocalPrometheus p = LocalPrometheus.start(own, TelemetryHistory.openMetrics());
                PrometheusClient c = new PrometheusClient(p.url(), Duration.ofSeconds(2))) {
            Evaluator evaluator = new Evaluator(new PrometheusSource(c));
            List<WindowResult> before = evaluator.evaluate(EXPECTATIONS.subList(0, 5), window(27));
            assertThat(before).extracting(WindowResult::verdict).containsOnly(WindowVerdict.OK);
            p.close();
            assertThat(p.running()).isFalse();
            long started = System.nanoTime();
            List<WindowResult> after = evaluator.evaluate(EXPECTATIONS.subList(0, 5), window(28));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(after).extracting(WindowResult::verdict).containsOnly(WindowVerdict.ERROR);
            assertThat(after).allSatisfy(r -> assertThat(r.detail()).contains("unreachable"));
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            transcript.append("\nPrometheus stopped mid-run (").append(p.url()).append("):\n");
            transcript.append("  window ").append(window(27)).append(" before stopping: ")
                    .append(before.stream().map(r -> r.verdict().wireName()).toList()).append('\n');
            for (WindowResult r : after) {
                transcript.append(String.format(Locale.ROOT, "  window %s %-28s %-6s %s%n", window(28), r.name(),
                        r.verdict().wireName(), r.detail()));
            }
            transcript.append(String.format(Locale.ROOT, "  5 expectations judged in %d ms with Prometheus down%n", took.toMillis()));
            assertThat(Evaluator.toReportingWindow(window(28), after).outcomeOf("edge.latency_p95_s{route=/api/search}"))
                    .isEqualTo(MetricOutcome.NO_DATA);
        }
    }

    /**
     * Issue 12 item 5: a window covers [start, end). With samples exactly on the hour the sample at a
     * window's end is the next window's first and must not decide it; the sample at its start is its own.
     */
    @Test
    @Order(3)
    void aQueryWithoutWindowIsJudgedByItsOwnWindowsSamplesOnTheBoundaries() {
        Evaluator evaluator = new Evaluator(new PrometheusSource(client));
        // the reported case: quality drops at 29:00 and recovers at 31:00, samples every 15 s from the hour on
        Expectation ndcg = exp("online nDCG@10 now", "avg(rag_online_ndcg_at_10)", "rag.online_ndcg_at_10", Rule.Absolute.min(0.6), null);
        List<WindowVerdict> seen = new ArrayList<>();
        for (int h = 26; h < 34; h++) {
            WindowResult r = evaluator.evaluate(ndcg, window(h));
            seen.add(r.verdict());
            assertThat(r.value().getAsDouble()).as("window %d", h).isCloseTo(h == 29 || h == 30 ? 0.4 : 0.72, Offset.offset(1e-9));
        }
        assertThat(seen).isEqualTo(verdicts(26, 34, Set.of(29, 30)));

        // a gauge sampled only on the boundaries: window h owns the sample at its start (valued h), never the one at its end
        Expectation probe = exp("boundary", "boundary_probe", "probe.boundary", Rule.Absolute.max(100), null);
        for (int h = 1; h < 35; h += 11) {
            assertThat(evaluator.evaluate(probe, window(h)).value()).as("window %d", h).hasValue(h);
        }
        // one sample 15 s before the hour (-1000), 0..239 inside it, one at its end (1000)
        Window ramp = window(TelemetryHistory.RAMP_HOUR);
        WindowResult mean = evaluator.evaluate(exp("ramp", "ramp_probe", "probe.ramp", Rule.Absolute.max(500), null), ramp);
        assertThat(mean.verdict()).isEqualTo(WindowVerdict.OK);
        assertThat(mean.value()).hasValue(119.5);
        assertThat(mean.evaluatedAt()).isEqualTo(ramp.end().minusMillis(1));
        assertThat(mean.detail()).isEqualTo("within bounds (mean of 240 of 240 points every 15s)");
        assertThat(aggregated(evaluator, Rule.Absolute.max(500), Aggregate.WORST, ramp)).isEqualTo(239);
        assertThat(aggregated(evaluator, Rule.Absolute.min(-500), Aggregate.WORST, ramp)).isEqualTo(0);
        assertThat(aggregated(evaluator, Rule.Absolute.max(500), Aggregate.LAST, ramp)).isEqualTo(239);
        double p95 = aggregated(evaluator, Rule.Absolute.max(500), Aggregate.P95, ramp);
        assertThat(p95).isCloseTo(value(evaluator, "quantile_over_time(0.95, ramp_probe[$__window])", ramp), Offset.offset(1e-9));
        assertThat(p95).isCloseTo(227.05, Offset.offset(1e-9));
        // scrapes 5 s after each step: every point still sees one of the window's own samples, never a trap
        Window phase = window(TelemetryHistory.PHASE_HOUR);
        Expectation offBoundary = new Expectation("phase", "phase_probe", "probe.phase", Rule.Absolute.max(500), Optional.empty(),
                Optional.empty(), Aggregate.MEAN, Optional.empty());
        assertThat(evaluator.evaluate(offBoundary, phase).value()).hasValue(119.5);
        assertThat(value(evaluator, "max_over_time(phase_probe[$__window])", phase)).isEqualTo(239);
        assertThat(value(evaluator, "min_over_time(phase_probe[$__window])", phase)).isEqualTo(0);
        // a coarser configured step sees fewer samples, still only the window's own
        Expectation perMinute = new Expectation("ramp", "ramp_probe", "probe.ramp", Rule.Absolute.max(500), Optional.empty(),
                Optional.empty(), Aggregate.LAST, Optional.of(Duration.ofMinutes(1)));
        assertThat(evaluator.evaluate(perMinute, ramp).value()).hasValue(239);
        assertThat(evaluator.evaluate(perMinute, ramp).detail()).endsWith("(last of 60 of 60 points every 1m)");
    }

    static double aggregated(Evaluator evaluator, Rule rule, Aggregate aggregate, Window w) {
        Expectation e = new Expectation("ramp " + aggregate, "ramp_probe", "probe.ramp", rule, Optional.empty(), Optional.empty(),
                aggregate, Optional.empty());
        return evaluator.evaluate(e, w).value().getAsDouble();
    }

    @Test
    @Order(4)
    void aQueryWithWindowCoversTheWindowStartButNotItsEnd() {
        Evaluator evaluator = new Evaluator(new PrometheusSource(client));
        for (int h = 1; h < 35; h += 11) {
            Window w = window(h);
            assertThat(value(evaluator, "max_over_time(boundary_probe[$__window])", w)).as("window %d", h).isEqualTo(h);
            assertThat(value(evaluator, "min_over_time(boundary_probe[$__window])", w)).as("window %d", h).isEqualTo(h);
            assertThat(value(evaluator, "count_over_time(boundary_probe[$__window])", w)).as("window %d", h).isEqualTo(1);
        }
        Window ramp = window(TelemetryHistory.RAMP_HOUR);
        assertThat(value(evaluator, "max_over_time(ramp_probe[$__window])", ramp)).isEqualTo(239);
        assertThat(value(evaluator, "min_over_time(ramp_probe[$__window])", ramp)).isEqualTo(0);
        assertThat(value(evaluator, "count_over_time(ramp_probe[$__window])", ramp)).isEqualTo(240);
        assertThat(value(evaluator, "avg_over_time(rag_online_ndcg_at_10[$__window])", window(28))).isCloseTo(0.72, Offset.offset(1e-9));
        assertThat(value(evaluator, "avg_over_time(rag_online_ndcg_at_10[$__window])", window(30))).isCloseTo(0.4, Offset.offset(1e-9));
    }

    @Test
    @Order(5)
    void aRelativeExpectationsBaselineWindowsAreJudgedByTheirOwnSamplesToo() {
        Evaluator evaluator = new Evaluator(new PrometheusSource(client));
        Expectation trailing = exp("trailing", "boundary_probe", "probe.boundary",
                new Rule.Relative(new Baseline.Trailing(3), 0, false, Direction.HIGHER_IS_BETTER), null);
        Expectation day = exp("day", "boundary_probe", "probe.boundary",
                new Rule.Relative(Baseline.SameWindowEarlier.DAY, 0, false, Direction.HIGHER_IS_BETTER), null);
        WindowResult t = evaluator.evaluate(trailing, window(30));
        assertThat(t.verdict()).isEqualTo(WindowVerdict.OK);
        assertThat(t.value()).hasValue(30);
        assertThat(t.baseline()).hasValue(28); // the median of windows 27, 28, 29
        assertThat(evaluator.evaluate(day, window(30)).baseline()).hasValue(6);
        // 48 windows of 240 points are more than Prometheus answers in one query_range (11,000): asked in two
        Expectation long_ = exp("trailing 48", "boundary_probe", "probe.boundary",
                new Rule.Relative(new Baseline.Trailing(48), 0, false, Direction.HIGHER_IS_BETTER), null);
        WindowResult l = evaluator.evaluate(long_, window(35));
        assertThat(l.verdict()).as(l.detail()).isEqualTo(WindowVerdict.OK);
        assertThat(l.baseline()).hasValue(17); // windows 0 to 34 have data, the 13 before the history none
        assertThat(l.detail()).contains("median of 35");
    }

    static double value(Evaluator evaluator, String query, Window w) {
        WindowResult r = evaluator.evaluate(exp(query, query, "probe.value", Rule.Absolute.max(1e9), null), w);
        assertThat(r.verdict()).as(query + " in " + w + ": " + r.detail()).isEqualTo(WindowVerdict.OK);
        return r.value().getAsDouble();
    }

    static List<WindowVerdict> verdicts(int from, int to, Set<Integer> breached) {
        List<WindowVerdict> out = new ArrayList<>();
        for (int h = from; h < to; h++) {
            out.add(breached.contains(h) ? WindowVerdict.BREACH : WindowVerdict.OK);
        }
        return out;
    }

    static String fmt(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "%.4f", d.getAsDouble()) : "-";
    }
}
