package dev.perfguard.app.cli.loadtest;

import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.slot.LoadtestFormat;
import dev.perfguard.app.slot.LoadtestReport;
import dev.perfguard.app.slot.SlotRun;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.loadtest.LoadTestSummary;
import dev.perfguard.core.loadtest.Threshold;
import dev.perfguard.core.loadtest.ThresholdResult;
import dev.perfguard.signals.loadtest.K6SummaryReader;
import dev.perfguard.signals.loadtest.LoadGenerator;
import dev.perfguard.signals.loadtest.LoadTestRun;
import dev.perfguard.signals.loadtest.Scenario;
import dev.perfguard.signals.loadtest.WrkOutputReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code perfguard loadtest ...}: run a scenario with the embedded generator, or import k6's or wrk's results. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Open-model load tests: run a scenario against a loopback or allowed target, or import k6/wrk results.",
        subcommands = {LoadtestCommand.Run.class, LoadtestCommand.Import.class})
public final class LoadtestCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs SCENARIO (YAML, see docs/loadtest.md): requests at their intended times, latency from the intended start.",
                    "Exit 0: every threshold passed (or none declared); 1: a threshold failed; 2: a bad scenario, option or configuration,",
                    "or a target that is neither loopback nor in loadtest.allowed_hosts."})
    static final class Run implements Callable<Integer> {
        private final Bootstrap bootstrap;

        @Spec CommandSpec spec;

        @Mixin ConfigOption config;

        @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario file (YAML)")
        Path scenarioFile;

        @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE})")
        LoadtestFormat format;

        @Option(names = "--summary-export", paramLabel = "FILE", description = "also write the k6-shaped JSON summary to FILE")
        Path summaryExport;

        @Option(names = "--hdr-log", paramLabel = "FILE", description = "write HdrHistogram's interval log (one histogram a second, microseconds) to FILE")
        Path hdrLog;

        @Option(names = "--out", paramLabel = "DIR",
                description = "write summary.json, latency.hlog, latency-over-time.json and summary.md into DIR")
        Path out;

        Run(Bootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public Integer call() {
            PerfguardConfig cfg = config.load();
            Scenario scenario = SlotRun.scenario(scenarioFile, cfg.loadtest().allowedHosts());
            PrintWriter err = spec.commandLine().getErr();
            LiveProgress progress = LiveProgress.of(err, bootstrap.env());
            if (out != null) {
                createDirectories(out);
            }
            Path log = hdrLog != null ? hdrLog : out != null ? out.resolve("latency.hlog") : null;
            LoadTestRun run;
            try (OutputStream logStream = log == null ? null : Files.newOutputStream(log)) {
                run = LoadGenerator.run(scenario, logStream, progress);
            } catch (IOException e) {
                throw new PerfguardException(ErrorCode.BAD_INPUT, log + ": cannot write the HDR log: " + e.getMessage(), e);
            }
            List<ThresholdResult> results = ThresholdResult.evaluate(scenario.thresholds(), run.summary());
            String title = "loadtest " + scenario.name() + " against " + scenario.target();
            if (summaryExport != null) {
                write(summaryExport, LoadtestReport.json(run.summary(), results, run));
            }
            if (out != null) {
                write(out.resolve("summary.json"), LoadtestReport.json(run.summary(), results, run));
                write(out.resolve("summary.md"), LoadtestReport.render(title, run.summary(), results, run, LoadtestFormat.markdown));
                write(out.resolve("latency-over-time.json"), LoadtestReport.series(run));
            }
            spec.commandLine().getOut().print(LoadtestReport.render(title, run.summary(), results, run, format));
            spec.commandLine().getOut().flush();
            return ThresholdResult.allPassed(results) ? ExitStatus.OK : ExitStatus.REGRESSION;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Reads a k6 summary export (JSON) or wrk's output (wrk --latency) and prints the same summary as run.",
                    "Exit 0: every --threshold passed (or none given); 1: a threshold failed; 2: an unreadable file or a bad threshold."})
    static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "k6 --summary-export JSON, or a file holding wrk's output")
        Path file;

        @Option(names = "--threshold", paramLabel = "METRIC:EXPR",
                description = "a threshold in k6 syntax, e.g. 'http_req_duration:p(95)<300' or 'http_req_failed:rate<0.01' (repeatable)")
        List<String> thresholds = new ArrayList<>();

        @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE})")
        LoadtestFormat format;

        @Override
        public Integer call() {
            List<Threshold> parsed = new ArrayList<>();
            for (String t : thresholds) {
                try {
                    parsed.add(Threshold.parseOption(t));
                } catch (IllegalArgumentException e) {
                    throw new PerfguardException(ErrorCode.USAGE, "--threshold: " + e.getMessage());
                }
            }
            if (!Files.isRegularFile(file)) {
                throw PerfguardException.badInput(file + ": no such file");
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
            }
            LoadTestSummary summary = text.stripLeading().startsWith("{") ? K6SummaryReader.parse(file.toString(), text)
                    : WrkOutputReader.looksLikeWrk(text) ? WrkOutputReader.parse(file.toString(), text)
                    : failUnknown(file);
            List<ThresholdResult> results = ThresholdResult.evaluate(parsed, summary);
            spec.commandLine().getOut().print(LoadtestReport.render("loadtest import " + file.getFileName(), summary, results, null, format));
            spec.commandLine().getOut().flush();
            return ThresholdResult.allPassed(results) ? ExitStatus.OK : ExitStatus.REGRESSION;
        }

        private static LoadTestSummary failUnknown(Path file) {
            throw PerfguardException.badInput(file + ": neither a k6 summary export (JSON with 'metrics') nor wrk output ('N requests in T')");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw PerfguardException.badInput("--out " + dir + ": cannot create: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot write: " + e.getMessage(), e);
        }
    }

}
