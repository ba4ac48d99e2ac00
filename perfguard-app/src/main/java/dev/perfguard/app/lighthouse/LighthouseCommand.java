package dev.perfguard.app.lighthouse;

import dev.perfguard.app.Cli;
import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
                    "Exit 0: no regression; 1: at least one regression; 2: bad input or usage."})
    static final class Compare implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--baseline", required = true, arity = "1..*", paramLabel = "PATH",
                description = "LHR files (.json, .json.gz) or folders of them")
        List<Path> baseline;

        @Option(names = "--current", required = true, arity = "1..*", paramLabel = "PATH",
                description = "LHR files (.json, .json.gz) or folders of them")
        List<Path> current;

        @Option(names = "--format", defaultValue = "text", description = "text, markdown, json or junit (default: ${DEFAULT-VALUE})")
        ReportFormat format;

        @Mixin ConfigOption config;

        @Override
        public Integer call() {
            PerfguardConfig cfg = config.load();
            LhrFiles files = new LhrFiles();
            ComparisonReport report = new LighthouseComparison(Policies.from(cfg.lighthouse()))
                    .compare(files.read(baseline), files.read(current));
            spec.commandLine().getOut().print(Reports.render(report, format, Header.none()));
            spec.commandLine().getOut().flush();
            return report.verdict() == ComparisonVerdict.REGRESSION ? Cli.EXIT_REGRESSION : Cli.EXIT_OK;
        }
    }
}
