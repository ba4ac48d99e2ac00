package dev.perfguard.app.lighthouse;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.LighthouseComparison;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.Verdict;
import dev.perfguard.runbook.builds.Build;
import dev.perfguard.runbook.builds.BuildStore;
import dev.perfguard.runbook.builds.StoredRun;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stores a build's runs, picks its baseline and compares: the work behind {@code perfguard check}
 * and the demo.
 */
final class BuildCheck {
    /** What a check found: the stored build, its baseline (if any) and the comparison. */
    record Outcome(Build build, Optional<Build> baseline, ComparisonReport report, Header header) {}

    private final BuildStore builds;
    private final PerfguardConfig config;
    private final Clock clock;

    BuildCheck(BuildStore builds, PerfguardConfig config, Clock clock) {
        this.builds = builds;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param baselineId a build id, or {@code auto} for the latest build of the baseline branch
     */
    Outcome check(String buildId, String branch, Optional<String> commit, String baselineId, List<StoredRun> runs) {
        Optional<Build> baseline = Optional.empty();
        if (!baselineId.equals("auto")) { // refuse before storing anything
            if (baselineId.equals(buildId)) {
                throw new PerfguardException(ErrorCode.USAGE, "a build cannot be its own baseline: " + buildId);
            }
            baseline = builds.find(baselineId);
            if (baseline.isEmpty()) {
                throw new PerfguardException(ErrorCode.NOT_FOUND, "baseline build " + baselineId + " is not stored (see 'perfguard builds list')");
            }
        }
        Build build = builds.store(buildId, branch, commit, runs, clock.millis());
        if (baselineId.equals("auto")) {
            baseline = builds.latestBefore(config.lighthouse().baselineBranch(), build);
        }
        List<LighthouseRun> current = builds.runs(build.id());
        List<String> lines = new ArrayList<>();
        lines.add("stored build " + build.id() + " (branch " + build.branch() + build.commit().map(c -> ", commit " + c).orElse("")
                + "): " + current.size() + " run(s), " + runs.size() + " given now");
        int expected = config.lighthouse().runsPerBuild();
        long usable = current.stream().filter(LighthouseRun::usable).count();
        if (usable < expected) {
            lines.add("only " + usable + " usable run(s), " + expected + " expected per build (lighthouse.runs_per_build)");
        }
        if (baseline.isEmpty()) {
            lines.add("no baseline: no earlier build of branch " + config.lighthouse().baselineBranch()
                    + " is stored; this build becomes the first baseline");
            ComparisonReport empty = new ComparisonReport(Verdict.INCONCLUSIVE, List.of(), List.of(), List.of());
            return new Outcome(build, baseline, empty, new Header(Optional.of(build.id()), Optional.empty(), lines));
        }
        ComparisonReport report = new LighthouseComparison(Policies.from(config.lighthouse()))
                .compare(builds.runs(baseline.get().id()), current);
        return new Outcome(build, baseline, report, new Header(Optional.of(build.id()), Optional.of(baseline.get().id()), lines));
    }
}
