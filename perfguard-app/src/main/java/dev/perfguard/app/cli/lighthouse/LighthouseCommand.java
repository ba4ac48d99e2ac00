package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.app.cli.FailOn;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.app.config.LighthouseSettings;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.assertions.AssertConfig;
import dev.perfguard.core.lighthouse.assertions.AssertionReport;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perfguard lighthouse ...}: Lighthouse reports without the store. */
@Command(name = "lighthouse", description = "Compare Lighthouse reports.", mixinStandardHelpOptions = true,
        subcommands = LighthouseCommand.Compare.class)
public final class LighthouseCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Compares baseline and current Lighthouse runs group by group and metric by metric.",
                    "Exit 0: no regression; 1: at least one regression; 2: bad input or usage (a folder without reports);",
                    "4: internal error; 5: inconclusive (too few runs, a change not significant; see --fail-on)."})
    static final class Compare implements Callable<Integer> {
        private final Bootstrap bootstrap;

        @Spec CommandSpec spec;

        @Option(names = "--baseline", required = true, arity = "1..*", paramLabel = "PATH",
                description = "LHR files (.json, .json.gz) or folders of them")
        List<Path> baseline;

        @Option(names = "--current", required = true, arity = "1..*", paramLabel = "PATH",
                description = "LHR files (.json, .json.gz) or folders of them")
        List<Path> current;

        @Option(names = "--format", defaultValue = "text", description = "text, markdown, json or junit (default: ${DEFAULT-VALUE})")
        LighthouseFormat format;

        @Option(names = "--lhci-config", paramLabel = "FILE",
                description = "a lighthouserc.json or .yml: judge its ci.assert assertions on the current runs (default: lighthouse.assert of the config)")
        Path lhciConfig;

        @Mixin ConfigOption config;
        @Mixin FailOn failOn;

        Compare(Bootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public Integer call() {
            PerfguardConfig cfg = config.load();
            try (Perfguard perfguard = bootstrap.perfguard(cfg)) {
                AssertConfig asserting = LighthouseSettings.assertions(cfg.lighthouse(), lhciConfig);
                LhrReader reader = perfguard.lhrReader();
                List<LighthouseRun> currentRuns = reader.withDetail(!asserting.isEmpty()).readAll(current);
                ComparisonReport report = perfguard.lighthouse().compare(reader.readAll(baseline), currentRuns);
                AssertionReport assertions = Assertions.judge(asserting, currentRuns);
                spec.commandLine().getOut().print(LighthouseReport.render(report, assertions, format, ReportHeader.none()));
                spec.commandLine().getOut().flush();
                return failOn.exitStatus(LighthouseGate.verdict(report, assertions), LighthouseGate.why(report), spec.commandLine().getErr());
            }
        }
    }
}
