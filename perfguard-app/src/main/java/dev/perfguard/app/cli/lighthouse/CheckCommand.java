package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.app.cli.FailOn;
import dev.perfguard.app.cli.ReportTo;
import dev.perfguard.app.cli.ingest.StoredBuildCheck;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.LighthouseSettings;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.StoreOptions;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseDiscrepancies;
import dev.perfguard.core.lighthouse.assertions.AssertConfig;
import dev.perfguard.core.lighthouse.assertions.AssertionReport;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.StoredRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code perfguard check}: store a build's Lighthouse runs and compare them with its baseline. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Stores a build's Lighthouse runs, picks its baseline build and compares.",
                "Exit 0: no regression; 1: a regression; 2: bad input or usage (a folder without reports: nothing stored);",
                "3: store failure; 4: internal error; 5: inconclusive (no baseline yet, too few runs; see --fail-on)."})
public final class CheckCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec CommandSpec spec;

    @Option(names = "--build", required = true, paramLabel = "ID", description = "this build's id (CI build number, say)")
    String build;

    @Option(names = "--branch", defaultValue = "main", paramLabel = "B", description = "this build's branch (default: ${DEFAULT-VALUE})")
    String branch;

    @Option(names = "--commit", paramLabel = "SHA", description = "this build's commit")
    String commit;

    @Option(names = "--baseline", defaultValue = "auto", paramLabel = "ID|auto",
            description = "the baseline build, or auto: the latest stored build of lighthouse.baseline_branch (default: ${DEFAULT-VALUE})")
    String baseline;

    @Option(names = "--format", defaultValue = "text", description = "text, markdown, json or junit (default: ${DEFAULT-VALUE})")
    LighthouseFormat format;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = {"LHR files (.json, .json.gz) or folders of them; none: judge",
            "the build 'perfguard ingest' stored as --build again (text, markdown or json as ingest reports it)"})
    List<Path> paths;

    @Option(names = "--lhci-config", paramLabel = "FILE",
            description = "a lighthouserc.json or .yml: judge its ci.assert assertions on this build's runs (default: lighthouse.assert of the config)")
    Path lhciConfig;

    @Mixin ConfigOption config;
    @Mixin StoreOptions storeOptions;
    @Mixin FailOn failOn;

    @Mixin ReportTo reportTo;

    CheckCommand(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public Integer call() {
        Ids.check("--build", build);
        Ids.check("--branch", branch);
        PerfguardConfig cfg = config.load();
        try (Perfguard perfguard = bootstrap.perfguard(cfg, storeOptions.location(cfg), Perfguard.Use.COMMAND)) {
            if (paths == null || paths.isEmpty()) {
                return checkIngested(perfguard);
            }
            AssertConfig asserting = LighthouseSettings.assertions(cfg.lighthouse(), lhciConfig);
            // every input is read before anything is stored
            List<StoredRun> runs = perfguard.lhrReader().withDetail(!asserting.isEmpty()).readAllDigested(paths).stream()
                    .map(d -> new StoredRun(d.sha256(), d.run())).toList();
            AssertionReport assertions = Assertions.judge(asserting, runs.stream().map(StoredRun::run).toList());
            BuildCheck check = perfguard.buildCheck();
            BuildCheck.Outcome o = check.check(build, branch, Optional.ofNullable(commit),
                    baseline.equals("auto") ? Optional.empty() : Optional.of(baseline), runs);
            spec.commandLine().getOut().print(LighthouseReport.render(o.report(), assertions, format, LighthouseReport.header(o, check.policy())));
            spec.commandLine().getOut().flush();
            if (reportTo.requested()) {
                Instant now = perfguard.clock().instant();
                reportTo.report(perfguard.config().service(), perfguard.panels().linked(LighthouseDiscrepancies.of(o.report(), now),
                        o.evidenceFrom(now), now), "perfguard-check", bootstrap.env(), spec.commandLine().getErr());
                reportTo.attach("check-" + build + ".md", LighthouseReport.render(o.report(), LighthouseFormat.markdown,
                        LighthouseReport.header(o, check.policy())).getBytes(StandardCharsets.UTF_8), bootstrap.env(),
                        spec.commandLine().getErr());
            }
            String why = assertions.failures() > 0 ? assertions.failures() + " Lighthouse CI assertion(s) failed"
                    : o.baseline().isEmpty()
                    ? "no baseline: no earlier build of branch " + check.policy().baselineBranch() + " with a usable run is stored"
                    : LighthouseGate.why(o.report());
            return failOn.exitStatus(LighthouseGate.verdict(o.report(), assertions), why, spec.commandLine().getErr());
        }
    }

    private int checkIngested(Perfguard perfguard) {
        if (!StoredBuildCheck.ingested(perfguard, build)) {
            throw new PerfguardException(ErrorCode.USAGE, "PATH is required: give the build's Lighthouse reports, or ingest build "
                    + build + " first ('perfguard ingest') to judge its stored metrics");
        }
        if (lhciConfig != null) {
            throw new PerfguardException(ErrorCode.USAGE, "--lhci-config needs Lighthouse reports; build " + build
                    + " is judged from its ingested metrics");
        }
        Optional<String> givenBranch = spec.commandLine().getParseResult().hasMatchedOption("--branch") ? Optional.of(branch)
                : Optional.empty();
        return StoredBuildCheck.run(perfguard, build, givenBranch, Optional.ofNullable(commit),
                baseline.equals("auto") ? Optional.empty() : Optional.of(baseline), format.name(), failOn, reportTo, bootstrap.env(),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
