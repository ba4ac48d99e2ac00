package dev.perfguard.app.cli.ingest;

import dev.perfguard.app.cli.FailOn;
import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.app.cli.ReportTo;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.runbook.ci.CiBuild;
import dev.perfguard.runbook.ci.CiCheck;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code perfguard check --build ID} without Lighthouse runs, for a build {@code perfguard ingest} stored: its stored
 * metrics judged again against its baseline and over its branch's history, reported and gated as ingest does
 * (at the configured {@code ingest.tolerance}; nothing is stored).
 */
public final class StoredBuildCheck {
    private StoredBuildCheck() {}

    /** Whether {@code build} names a stored ingested build. */
    public static boolean ingested(Perfguard perfguard, String build) {
        return perfguard.metricPoints().find(build).isPresent();
    }

    /**
     * Judges the stored build and prints the report in {@code format} ({@code text}, {@code markdown} or {@code json});
     * answers the exit status.
     */
    public static int run(Perfguard perfguard, String build, Optional<String> branch, Optional<String> commit,
            Optional<String> baseline, String format, FailOn failOn, ReportTo reportTo, Map<String, String> env, PrintWriter out,
            PrintWriter err) {
        IngestReport.Format f;
        try {
            f = IngestReport.Format.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new PerfguardException(ErrorCode.USAGE, "--format " + format + " is not available for an ingested build; expected"
                    + " text, markdown or json");
        }
        CiCheck check = perfguard.ciCheck();
        CiCheck.Outcome o = check.judge(build, baseline);
        CiBuild stored = o.build();
        if (branch.isPresent() && !branch.get().equals(stored.branch())) {
            throw PerfguardException.badInput("--branch " + branch.get() + ": build " + build + " is stored on branch " + stored.branch());
        }
        if (commit.isPresent() && stored.commit().isPresent() && !commit.equals(stored.commit())) {
            throw PerfguardException.badInput("--commit " + commit.get() + ": build " + build + " is stored with commit "
                    + stored.commit().get());
        }
        GateVerdict verdict = IngestCommand.verdict(o);
        out.print(IngestReport.render(o, List.of(), check.policy().baselineBranch(), verdict, f, "perfguard check"));
        out.flush();
        if (reportTo.requested()) {
            Instant now = perfguard.clock().instant();
            Instant from = o.baseline().map(b -> Instant.ofEpochMilli(Math.min(b.timeMs(), now.toEpochMilli()))).orElse(now);
            List<Discrepancy> ds = perfguard.panels().linked(IngestDiscrepancies.of(o, now), from, now);
            reportTo.reportAll(perfguard.config().service(), ds, "perfguard-check", env, err);
        }
        return failOn.exitStatus(verdict, IngestCommand.why(o, check.policy().baselineBranch()), err);
    }
}
