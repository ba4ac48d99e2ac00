package dev.perfguard.app.lighthouse;

import dev.perfguard.app.Cli;
import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.StoreOptions;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.StoredRun;
import dev.perfguard.runbook.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code perfguard check}: store a build's Lighthouse runs and compare them with its baseline. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Stores a build's Lighthouse runs, picks its baseline build and compares.",
                "Exit 0: no regression; 1: a regression; 2: bad input or usage; 3: store failure."})
public final class CheckCommand implements Callable<Integer> {
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
    ReportFormat format;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "LHR files (.json, .json.gz) or folders of them")
    List<Path> paths;

    @Mixin ConfigOption config;
    @Mixin StoreOptions storeOptions;

    @Option(names = "--report-to", paramLabel = "URL",
            description = "a perfguard server: open (or attach to) the incident from this check's regressions")
    String reportTo;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "PERFGUARD_TOKEN",
            description = "environment variable holding the API token for --report-to (default: ${DEFAULT-VALUE})")
    String tokenEnv;

    private final java.util.Map<String, String> env;

    public CheckCommand() {
        this(java.util.Map.of());
    }

    public CheckCommand(java.util.Map<String, String> env) {
        this.env = java.util.Map.copyOf(env);
    }

    @Override
    public Integer call() {
        Ids.check("--build", build);
        Ids.check("--branch", branch);
        PerfguardConfig cfg = config.load();
        List<StoredRun> runs = new LhrFiles().readForStore(paths); // all input read before anything is stored
        Store store = Store.open(storeOptions.location(cfg));
        BuildCheck.Outcome o = new BuildCheck(new BuildStore(store), cfg, Clock.systemUTC())
                .check(build, branch, Optional.ofNullable(commit), baseline, runs);
        spec.commandLine().getOut().print(Reports.render(o.report(), format, o.header()));
        spec.commandLine().getOut().flush();
        if (reportTo != null) {
            report(cfg, o);
        }
        return o.report().verdict() == ComparisonVerdict.REGRESSION ? Cli.EXIT_REGRESSION : Cli.EXIT_OK;
    }

    /** Opens or attaches to the incident of this check's regressions; the message goes to stderr (stdout is the report). */
    private void report(PerfguardConfig cfg, BuildCheck.Outcome o) {
        java.util.List<dev.perfguard.core.incident.Discrepancy> ds = Regressions.discrepancies(o.report(), Clock.systemUTC().instant());
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (ds.isEmpty()) {
            err.println("perfguard: no regression, nothing reported to " + reportTo);
            err.flush();
            return;
        }
        String token = env.get(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new dev.perfguard.core.PerfguardException(dev.perfguard.core.ErrorCode.USAGE,
                    "--report-to needs an API token in the environment variable " + tokenEnv);
        }
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("service", cfg.service());
        body.put("discrepancies", ds);
        com.fasterxml.jackson.databind.JsonNode a = new dev.perfguard.app.server.ApiClient(reportTo, Optional.of(token.strip()))
                .postJson("/api/v1/incidents", body);
        err.println("perfguard: " + (a.path("opened").asBoolean() ? "opened incident " : "attached to incident ")
                + a.path("incident").path("id").asText() + " at " + reportTo + " (" + ds.size() + " discrepancies)");
        err.flush();
    }
}
