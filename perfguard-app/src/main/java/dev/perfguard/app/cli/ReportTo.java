package dev.perfguard.app.cli;

import dev.perfguard.app.client.RemoteReporter;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.RegressionReport;
import dev.perfguard.runbook.incident.Reported;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --report-to URL} and {@code --token-env VAR}: a command's regressions open (or attach to) the incident on a
 * perfguard server, one report per metric family. What happened goes to stderr (stdout is the command's report).
 */
public final class ReportTo {
    @Option(names = "--report-to", paramLabel = "URL",
            description = "a perfguard server: open (or attach to) the incident from this command's regressions")
    String url;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "PERFGUARD_TOKEN",
            description = "environment variable holding the API token for --report-to (default: ${DEFAULT-VALUE})")
    String tokenEnv;

    @Option(names = "--incident", paramLabel = "ID",
            description = "with --report-to: also attach this command's report to incident ID, regression or not (the rerun of a fast fix)")
    String incident;

    public boolean requested() {
        if (incident != null && url == null) {
            throw new PerfguardException(ErrorCode.USAGE, "--incident needs --report-to URL");
        }
        return url != null;
    }

    /** With {@code --incident ID}: attaches {@code report} to that incident as the artefact {@code name}. */
    public void attach(String name, byte[] report, Map<String, String> env, PrintWriter err) {
        if (incident == null) {
            return;
        }
        RemoteReporter.to(url, Optional.ofNullable(env.get(tokenEnv)), tokenEnv, "--report-to").attach(incident, name, report);
        err.println("perfguard: attached " + name + " to incident " + incident + " at " + url);
        err.flush();
    }

    /** Reports {@code discrepancies} of {@code service} as {@code who}; nothing when there are none (and says so). */
    public void report(String service, List<Discrepancy> discrepancies, String who, Map<String, String> env, PrintWriter err) {
        reportAll(service, discrepancies, who, env, err);
    }

    /** As {@link #report}, returning the server's answer for each metric family's report (empty when none was sent). */
    public List<Reported> reportAll(String service, List<Discrepancy> discrepancies, String who, Map<String, String> env,
            PrintWriter err) {
        if (discrepancies.isEmpty()) {
            err.println("perfguard: no regression, nothing reported to " + url);
            err.flush();
            return List.of();
        }
        RemoteReporter remote = remote(env);
        List<Reported> out = new ArrayList<>();
        for (RegressionReport report : RegressionReport.byFamily(service, discrepancies)) {
            Reported r = remote.report(report, who);
            out.add(r);
            err.println("perfguard: " + (r.opened() ? "opened incident " : "attached to incident ") + r.stored().incident().id()
                    + " at " + url + " (" + report.discrepancies().size() + " discrepancies)");
        }
        err.flush();
        return out;
    }

    /** Uploads {@code bytes} as the artefact {@code name} of incident {@code incidentId} on the server. */
    public void attach(String incidentId, String name, byte[] bytes, Map<String, String> env) {
        remote(env).attach(incidentId, name, bytes);
    }

    private RemoteReporter remote(Map<String, String> env) {
        return RemoteReporter.to(url, Optional.ofNullable(env.get(tokenEnv)), tokenEnv, "--report-to");
    }
}
