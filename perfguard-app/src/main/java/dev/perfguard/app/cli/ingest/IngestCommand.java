package dev.perfguard.app.cli.ingest;

import dev.perfguard.app.cli.FailOn;
import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.app.cli.ReportTo;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.StoreOptions;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.ci.CiStatus;
import dev.perfguard.core.incident.ArtefactRef;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.incident.Reported;
import dev.perfguard.signals.ingest.MetricFile;
import dev.perfguard.signals.ingest.MetricFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code perfguard ingest}: store a build's CI metric files as series per branch, and judge them. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Reads CI metric files (perf_metrics JSON, JMH JSON results, k6 summary exports, Lighthouse reports,",
                "rag-eval evaluate JSON; the kind is told by content), stores every metric as a series of the branch,",
                "compares each with the baseline build and looks for a regression in force in the branch history.",
                "Exit 0: no regression; 1: a regression; 2: bad input or usage (nothing stored);",
                "3: store failure or conflict; 4: internal error; 5: inconclusive (no baseline yet; see --fail-on)."})
public final class IngestCommand implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._/+@:#-]{1,200}");

    private final Bootstrap bootstrap;

    @Spec CommandSpec spec;

    @Option(names = "--build", paramLabel = "ID", description = "this build's id (default: the build the perf_metrics files name)")
    String build;

    @Option(names = "--branch", paramLabel = "B", description = "this build's branch (default: the files' branch, else main)")
    String branch;

    @Option(names = "--commit", paramLabel = "SHA", description = "this build's commit (default: the files' commit)")
    String commit;

    @Option(names = "--baseline", defaultValue = "auto", paramLabel = "ID|auto",
            description = "the baseline build, or auto: the latest ingested build of lighthouse.baseline_branch (default: ${DEFAULT-VALUE})")
    String baseline;

    @Option(names = "--tolerance", paramLabel = "RATIO",
            description = "relative change of a metric's median tolerated, e.g. 0.10 for 10 %% (default: ingest.tolerance of"
                    + " the config, 10 %% when absent)")
    Double tolerance;

    @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE})")
    IngestReport.Format format;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "metric files (.json, .json.gz) or folders of them")
    List<Path> paths;

    @Mixin ConfigOption config;
    @Mixin StoreOptions storeOptions;
    @Mixin FailOn failOn;
    @Mixin ReportTo reportTo;

    IngestCommand(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public Integer call() {
        if (tolerance != null && (!(tolerance >= 0) || Double.isInfinite(tolerance))) {
            throw new PerfguardException(ErrorCode.USAGE, "--tolerance must be a finite number >= 0, was " + tolerance);
        }
        PerfguardConfig cfg = config.load();
        try (Perfguard perfguard = bootstrap.perfguard(cfg, storeOptions.location(cfg), Perfguard.Use.COMMAND)) {
            var policy = perfguard.buildCheck().policy();
            // every input is read and validated before anything is stored
            MetricFiles.Read read = new MetricFiles(perfguard.lhrReader(), policy.comparison().urls()::normalize).readAll(paths);
            List<MetricFile> files = read.files();
            String buildId = pick("--build", build, files, MetricFile::build, null);
            String branchName = pick("--branch", branch, files, MetricFile::branch, "main");
            Optional<String> sha = Optional.ofNullable(pick("--commit", commit, files, MetricFile::commit, ""))
                    .filter(s -> !s.isEmpty());
            Optional<Instant> time = files.stream().flatMap(f -> f.time().stream()).max(Instant::compareTo);
            if (read.metrics().isEmpty()) {
                throw PerfguardException.badInput("no metrics in " + files.size() + " file(s) (Lighthouse runs that failed have none);"
                        + " nothing stored");
            }
            CiCheck check = tolerance == null ? perfguard.ciCheck() : perfguard.ciCheck(tolerance);
            CiCheck.Outcome o = check.check(buildId, branchName, sha, time,
                    baseline.equals("auto") ? Optional.empty() : Optional.of(baseline),
                    files.stream().filter(f -> !f.metrics().isEmpty()).map(f -> f.kind().label())
                            .collect(Collectors.toCollection(TreeSet::new)),
                    read.metrics());
            GateVerdict verdict = verdict(o);
            PrintWriter out = spec.commandLine().getOut();
            out.print(IngestReport.render(o, files, policy.baselineBranch(), verdict, format));
            out.flush();
            if (reportTo.requested()) {
                Instant now = perfguard.clock().instant();
                Instant from = o.baseline().map(b -> Instant.ofEpochMilli(Math.min(b.timeMs(), now.toEpochMilli()))).orElse(now);
                List<Discrepancy> ds = perfguard.panels().linked(IngestDiscrepancies.of(o, now), from, now);
                List<Reported> reported = reportTo.reportAll(perfguard.config().service(), ds, "perfguard-ingest", bootstrap.env(),
                        spec.commandLine().getErr());
                attach(reported, o.build().id(), files);
            }
            return failOn.exitStatus(verdict, why(o, policy.baselineBranch()), spec.commandLine().getErr());
        }
    }

    private void attach(List<Reported> reported, String buildId, List<MetricFile> files) {
        PrintWriter err = spec.commandLine().getErr();
        Set<String> names = new LinkedHashSet<>();
        for (MetricFile f : files) {
            names.add(artefactName(buildId, f.source(), names));
        }
        for (Reported r : reported) {
            String id = r.stored().incident().id();
            int i = 0;
            int attached = 0;
            for (String name : names) {
                MetricFile f = files.get(i++);
                try {
                    reportTo.attach(id, name, f.bytes(), bootstrap.env());
                    attached++;
                } catch (PerfguardException e) {
                    // the incident is open with its evidence; a refused upload (too large, say) must not hide the verdict
                    err.println("perfguard: warning: " + f.source() + " not attached to incident " + id + ": " + e.getMessage());
                }
            }
            err.println("perfguard: attached " + attached + " file(s) to incident " + id + " as artefacts");
        }
        err.flush();
    }

    /** {@code <build>-<file name>}, made a safe artefact name, unique among {@code taken}. */
    static String artefactName(String buildId, String source, Set<String> taken) {
        String file = Path.of(source).getFileName().toString();
        String base = (buildId + "-" + file).replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "_");
        if (base.length() > 200) {
            base = base.substring(base.length() - 200);
        }
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = n + "-" + base;
        }
        return ArtefactRef.requireSafeName(name);
    }

    /** The option's value, else the one value all files agree on, else {@code fallback} ({@code null}: required). */
    private static String pick(String option, String given, List<MetricFile> files, Function<MetricFile, Optional<String>> field,
            String fallback) {
        Set<String> said = new LinkedHashSet<>();
        files.forEach(f -> field.apply(f).ifPresent(said::add));
        if (given != null) {
            check(option, given);
            for (MetricFile f : files) {
                field.apply(f).filter(v -> !v.equals(given)).ifPresent(v -> {
                    throw PerfguardException.badInput(f.source() + ": names " + option.substring(2) + " " + v + ", but " + option
                            + " is " + given);
                });
            }
            return given;
        }
        if (said.size() > 1) {
            throw PerfguardException.badInput("the files name different " + option.substring(2) + "s " + said + "; ingest one build at a time");
        }
        if (said.size() == 1) {
            String v = said.iterator().next();
            check(option, v);
            return v;
        }
        if (fallback == null) {
            throw new PerfguardException(ErrorCode.USAGE, option + " is required: no perf_metrics file names the " + option.substring(2));
        }
        return fallback;
    }

    private static void check(String option, String value) {
        if (!ID.matcher(value).matches()) {
            throw new PerfguardException(ErrorCode.USAGE, option + " '" + value
                    + "' is invalid; expected 1-200 letters, digits or . _ / + @ : # -");
        }
    }

    /** The gate's verdict on an ingested build: also the verdict the web's compare page shows for two ingested builds. */
    static GateVerdict verdict(CiCheck.Outcome o) {
        return GateVerdict.valueOf(o.verdict().name());
    }

    static String why(CiCheck.Outcome o, String baselineBranch) {
        if (o.baseline().isEmpty()) {
            return "no baseline: no earlier ingested build of branch " + baselineBranch;
        }
        if (o.count(CiStatus.INCONCLUSIVE) > 0) {
            return o.count(CiStatus.INCONCLUSIVE) + " metric(s) changed beyond tolerance without significance";
        }
        return "no metric of this build is in the baseline build " + o.baseline().get().id();
    }
}
