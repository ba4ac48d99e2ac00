package dev.perfguard.runbook.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.lighthouse.ComparisonPolicy;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.runbook.incident.MutableClock;
import dev.perfguard.runbook.store.Store;
import dev.perfguard.runbook.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BuildCheckTest {
    static final CheckPolicy POLICY = new CheckPolicy(ComparisonPolicy.defaults(), "main", 5, 0.05, 20,
            ChangePointDetector.defaults());

    @TempDir Path tmp;

    /** Five complete runs of one page whose timings scale with {@code factor}; {@code tag} keeps the files apart. */
    static List<StoredRun> runs(String tag, double factor) {
        List<StoredRun> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<LighthouseMetric, Double> v = new EnumMap<>(LighthouseMetric.class);
            double jitter = 1 + i * 0.01;
            v.put(LighthouseMetric.PERFORMANCE_SCORE, 0.95);
            v.put(LighthouseMetric.FIRST_CONTENTFUL_PAINT, 800 * factor * jitter);
            v.put(LighthouseMetric.LARGEST_CONTENTFUL_PAINT, 1200 * factor * jitter);
            v.put(LighthouseMetric.CUMULATIVE_LAYOUT_SHIFT, 0.01);
            v.put(LighthouseMetric.TOTAL_BLOCKING_TIME, 50 * factor * jitter);
            v.put(LighthouseMetric.SPEED_INDEX, 1000 * factor * jitter);
            v.put(LighthouseMetric.INTERACTIVE, 1500 * factor * jitter);
            v.put(LighthouseMetric.MAX_POTENTIAL_FID, 40 * factor * jitter);
            LighthouseRun r = new LighthouseRun(tag + "/run-" + i + ".json", "https://x/", "mobile", "2026-12-02T10:0" + i + ":00Z",
                    "13.5.0", 1500, List.of(), v, Optional.empty());
            out.add(new StoredRun(String.format("%064x", (tag.hashCode() & 0xffffL) * 16 + i), r));
        }
        return out;
    }

    private BuildCheck check(TestStores.Kind kind, MutableClock clock) {
        return new BuildCheck(new BuildStore(TestStores.open(kind, tmp)), POLICY, clock);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void theFirstBuildBecomesTheBaselineAndIsInconclusive(TestStores.Kind kind) {
        BuildCheck check = check(kind, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));
        BuildCheck.Outcome o = check.check("b1", "main", Optional.of("c1"), Optional.empty(), runs("a", 1));
        assertThat(o.baseline()).isEmpty();
        assertThat(o.report().verdict()).isEqualTo(ComparisonVerdict.INCONCLUSIVE);
        assertThat(o.storedRuns()).isEqualTo(5);
        assertThat(o.givenRuns()).isEqualTo(5);
        assertThat(o.usableRuns()).isEqualTo(5);
        assertThat(o.historyAlerts()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aSlowerPullRequestAgainstTheLatestMainBuildIsARegression(TestStores.Kind kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        BuildCheck check = check(kind, clock);
        check.check("m1", "main", Optional.empty(), Optional.empty(), runs("m1", 1));
        clock.advance(Duration.ofMinutes(1));
        check.check("m2", "main", Optional.empty(), Optional.empty(), runs("m2", 1.01));
        clock.advance(Duration.ofMinutes(1));

        BuildCheck.Outcome pr = check.check("pr", "feature", Optional.empty(), Optional.empty(), runs("pr", 2));

        assertThat(pr.baseline()).map(Build::id).contains("m2");
        assertThat(pr.report().verdict()).isEqualTo(ComparisonVerdict.REGRESSION);
        BuildCheck.Outcome same = check.check("pr2", "feature", Optional.empty(), Optional.of("m1"), runs("pr2", 1));
        assertThat(same.baseline()).map(Build::id).contains("m1");
        assertThat(same.report().verdict()).isNotEqualTo(ComparisonVerdict.REGRESSION);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aBadBaselineIsRefusedBeforeAnythingIsStored(TestStores.Kind kind) {
        BuildStore builds = new BuildStore(TestStores.open(kind, tmp));
        BuildCheck check = new BuildCheck(builds, POLICY, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));
        assertThatThrownBy(() -> check.check("b1", "main", Optional.empty(), Optional.of("b1"), runs("a", 1)))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("cannot be its own baseline")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.USAGE);
        assertThatThrownBy(() -> check.check("b1", "main", Optional.empty(), Optional.of("nope"), runs("a", 1)))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("baseline build nope is not stored")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(builds.find("b1")).isEmpty();
    }

    /** Issue 12: a check of no runs is bad input and stores nothing. */
    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aCheckOfNoRunsIsRefusedAndStoresNothing(TestStores.Kind kind) {
        BuildStore builds = new BuildStore(TestStores.open(kind, tmp));
        BuildCheck check = new BuildCheck(builds, POLICY, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));
        assertThatThrownBy(() -> check.check("b5", "main", Optional.empty(), Optional.empty(), List.of()))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("no Lighthouse runs")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(builds.find("b5")).isEmpty();
    }

    /**
     * Issue 12: a build without a usable run (stored empty by an older version, or with every run failed)
     * is never picked as the baseline, and naming one as the baseline is refused before anything is stored.
     */
    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void aBuildWithoutUsableRunsIsNeverTheBaseline(TestStores.Kind kind) {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        Store store = TestStores.open(kind, tmp);
        BuildStore builds = new BuildStore(store);
        BuildCheck check = new BuildCheck(builds, POLICY, clock);
        check.check("m1", "main", Optional.empty(), Optional.empty(), runs("m1", 1));
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> builds.store("m2-empty", "main", Optional.empty(), List.of(), clock.millis()))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("no Lighthouse runs");
        // what older versions stored for a check of an empty folder: the build row alone
        store.inAutoCommit(h -> h.createUpdate("INSERT INTO build (id, branch, commit_sha, created_ms) VALUES ('m2-empty', 'main', NULL, :ms)")
                .bind("ms", clock.millis()).execute());
        clock.advance(Duration.ofMinutes(1));
        List<StoredRun> failed = runs("m3", 1).stream().map(r -> new StoredRun(r.key(), new LighthouseRun(r.run().source(),
                r.run().url(), r.run().formFactor(), r.run().fetchTime(), "13.5.0", Double.NaN, List.of(), Map.of(),
                Optional.of("NO_FCP")))).toList();
        check.check("m3-failed", "main", Optional.empty(), Optional.empty(), failed);
        clock.advance(Duration.ofMinutes(1));

        BuildCheck.Outcome pr = check.check("pr", "feature", Optional.empty(), Optional.empty(), runs("pr", 2));
        assertThat(pr.baseline()).map(Build::id).contains("m1");
        assertThat(pr.report().verdict()).isEqualTo(ComparisonVerdict.REGRESSION);

        assertThatThrownBy(() -> check.check("pr2", "feature", Optional.empty(), Optional.of("m2-empty"), runs("pr2", 2)))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("baseline build m2-empty has no usable run")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThat(builds.find("pr2")).isEmpty();
    }
}
