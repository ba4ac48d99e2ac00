package dev.perfguard.app.cli.telemetry;

import dev.perfguard.app.cli.FailOn;
import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.app.cli.ReportTo;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.TelemetryDiscrepancies;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.signals.prometheus.PrometheusClient;
import dev.perfguard.signals.prometheus.PrometheusSource;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perfguard telemetry ...}: production telemetry expectations over the Prometheus HTTP API. */
@Command(name = "telemetry", mixinStandardHelpOptions = true,
        description = "Judge production telemetry (Prometheus) against the configured expectations.",
        subcommands = TelemetryCommand.Check.class)
public final class TelemetryCommand implements Runnable {
    /** Expectations evaluated at once by {@code check}: Prometheus answers concurrent queries; a hanging one costs fewer timeouts. */
    static final int PARALLELISM = 4;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Evaluates every telemetry expectation in the reporting window containing TIME (default: the last closed one).",
                    "Exit 0: no breach, and at least one expectation judged; 1: at least one breach; 2: bad input or configuration;",
                    "4: internal error; 5: inconclusive: an expectation could not be evaluated (error), or none had data (see --fail-on)."})
    static final class Check implements Callable<Integer> {
        private final Bootstrap bootstrap;

        @Spec CommandSpec spec;

        @Mixin ConfigOption config;

        @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL (default: telemetry.prometheus in the config)")
        String prometheus;

        @Option(names = "--at", paramLabel = "TIME",
                description = "a time in the window to judge: 2026-11-27T10:30:00Z, an offset date-time, a UTC date-time without offset, or epoch seconds")
        String at;

        @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE})")
        TelemetryFormat format;

        @Mixin FailOn failOn;

        @Mixin ReportTo reportTo;

        Check(Bootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public Integer call() {
            PerfguardConfig cfg = config.load();
            try (Perfguard perfguard = bootstrap.perfguard(cfg)) {
                List<Expectation> expectations = perfguard.telemetryExpectations();
                if (expectations.isEmpty()) {
                    throw new PerfguardException(ErrorCode.CONFIG, "no telemetry expectations configured (telemetry.expectations in perfguard.yaml)");
                }
                URI url = prometheus != null ? url(prometheus) : perfguard.prometheusUrl().orElseThrow(() -> new PerfguardException(
                        ErrorCode.USAGE, "no Prometheus URL: pass --prometheus URL or set telemetry.prometheus in the config"));
                Instant now = perfguard.clock().instant();
                Window window = at == null ? Window.lastClosed(now, cfg.reportingWindow()) : Window.containing(parseTime(at), cfg.reportingWindow());
                if (!window.closedAt(now)) {
                    throw PerfguardException.badInput("--at " + at + ": window " + window + " has not ended yet (now " + now
                            + "); the last closed window is " + Window.lastClosed(now, cfg.reportingWindow()));
                }
                List<WindowResult> results = new Evaluator(new PrometheusSource(perfguard.prometheus(url)))
                        .evaluate(expectations, window, PARALLELISM);
                spec.commandLine().getOut().print(TelemetryReport.render(window, url, results, format));
                spec.commandLine().getOut().flush();
                if (reportTo.requested()) {
                    reportTo.report(cfg.service(), perfguard.panels().linked(TelemetryDiscrepancies.ofWindow(results, List.of()),
                            window.start(), window.end()), "perfguard-telemetry", bootstrap.env(), spec.commandLine().getErr());
                }
                return gate(results);
            }
        }

        /**
         * A breach fails; otherwise an expectation that could not be evaluated ({@code error}: Prometheus
         * unreachable, a bad query) or a window in which no expectation had data leaves the check inconclusive.
         * {@code no-data} beside judged expectations does not: a window without traffic is a state of the world.
         */
        private int gate(List<WindowResult> results) {
            long errors = results.stream().filter(r -> r.verdict() == WindowVerdict.ERROR).count();
            boolean judged = results.stream().anyMatch(r -> r.verdict() == WindowVerdict.OK || r.verdict() == WindowVerdict.BREACH);
            GateVerdict verdict;
            String why = "";
            if (results.stream().anyMatch(r -> r.verdict() == WindowVerdict.BREACH)) {
                verdict = GateVerdict.REGRESSION;
            } else if (errors > 0) {
                verdict = GateVerdict.INCONCLUSIVE;
                why = errors + " of " + results.size() + " expectations could not be evaluated (error), first "
                        + results.stream().filter(r -> r.verdict() == WindowVerdict.ERROR).findFirst().map(r -> r.name() + ": " + r.detail())
                        .orElseThrow();
            } else if (!judged) {
                verdict = GateVerdict.INCONCLUSIVE;
                why = "no expectation had data in the window (" + results.size() + " no-data)";
            } else {
                verdict = GateVerdict.PASS;
            }
            return failOn.exitStatus(verdict, why, spec.commandLine().getErr());
        }

        private static URI url(String text) {
            try {
                return PrometheusClient.requireBase(new URI(text.trim()));
            } catch (URISyntaxException e) {
                throw new PerfguardException(ErrorCode.USAGE, "--prometheus: '" + text + "' is not a URL: " + e.getMessage());
            } catch (PerfguardException e) {
                throw new PerfguardException(ErrorCode.USAGE, "--prometheus: " + e.getMessage());
            }
        }
    }

    /** ISO instant, offset date-time, UTC local date-time, or epoch seconds. */
    static Instant parseTime(String text) {
        String s = text.trim();
        try {
            if (s.matches("\\d{1,12}(\\.\\d{1,3})?")) {
                return Instant.ofEpochMilli(new BigDecimal(s).movePointRight(3).longValueExact());
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException notOffset) {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw PerfguardException.badInput("--at: expected a time like 2026-11-27T10:30:00Z (or epoch seconds), got '" + text + "'");
        }
    }
}
