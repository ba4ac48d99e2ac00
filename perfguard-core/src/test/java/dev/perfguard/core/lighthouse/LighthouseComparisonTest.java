package dev.perfguard.core.lighthouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LighthouseComparisonTest {
    private final LighthouseComparison comparison = new LighthouseComparison(ComparisonPolicy.defaults());

    private static Status status(ComparisonReport r, LighthouseMetric m) {
        return r.groups().getFirst().metrics().stream().filter(x -> x.metric() == m).findFirst().orElseThrow().status();
    }

    @Test
    void sameRunsPass() {
        List<LighthouseRun> a = Runs.page("a", "https://x/", 5, 1000, 1, 0);
        ComparisonReport r = comparison.compare(a, a);
        assertThat(r.verdict()).isEqualTo(ComparisonVerdict.PASS);
    }

    @Test
    void aSlowerMachineExplainsAProportionalShiftButNotABudgetBreak() {
        List<LighthouseRun> base = Runs.page("b", "https://x/", 5, 1600, 1.0, 0);
        List<LighthouseRun> cur = Runs.page("c", "https://x/", 5, 800, 1.5, 0); // half the CPU, 50 % slower
        ComparisonReport r = comparison.compare(base, cur);
        GroupResult g = r.groups().getFirst();
        assertThat(g.machineSpeed()).get().extracting(MachineSpeed::currentSlower).isEqualTo(true);
        assertThat(g.notes()).anyMatch(n -> n.contains("machines differ"));
        assertThat(status(r, LighthouseMetric.SPEED_INDEX)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(status(r, LighthouseMetric.FIRST_CONTENTFUL_PAINT)).isEqualTo(Status.INCONCLUSIVE);
        // TBT 100 → 150 ms stays inside its 200 ms budget: explained; LCP 1200 → 1800 too.
        assertThat(status(r, LighthouseMetric.LARGEST_CONTENTFUL_PAINT)).isEqualTo(Status.INCONCLUSIVE);

        List<LighthouseRun> broken = Runs.page("d", "https://x/", 5, 800, 2.5, 0); // LCP 3000 ms: over 2500
        ComparisonReport r2 = comparison.compare(base, broken);
        assertThat(status(r2, LighthouseMetric.LARGEST_CONTENTFUL_PAINT)).isEqualTo(Status.REGRESSION);
    }

    @Test
    void aShiftBeyondTheSlowdownIsStillARegression() {
        List<LighthouseRun> base = Runs.page("b", "https://x/", 5, 1600, 0.5, 0);
        List<LighthouseRun> cur = Runs.page("c", "https://x/", 5, 1200, 1.0, 0); // ×1.33 slower CPU, ×2 slower page
        ComparisonReport r = comparison.compare(base, cur);
        assertThat(status(r, LighthouseMetric.SPEED_INDEX)).isEqualTo(Status.REGRESSION);
    }

    @Test
    void fewerThanThreeRunsIsInconclusiveUnlessABudgetBreaks() {
        List<LighthouseRun> base = Runs.page("b", "https://x/", 2, 1000, 1.0, 0);
        List<LighthouseRun> cur = Runs.page("c", "https://x/", 2, 1000, 1.5, 0);
        ComparisonReport r = comparison.compare(base, cur);
        assertThat(status(r, LighthouseMetric.SPEED_INDEX)).isEqualTo(Status.INCONCLUSIVE);
        assertThat(r.verdict()).isEqualTo(ComparisonVerdict.INCONCLUSIVE);
        assertThat(r.groups().getFirst().metrics().stream().filter(m -> m.metric() == LighthouseMetric.SPEED_INDEX)
                .findFirst().orElseThrow().reason()).contains("fewer than 3");
    }

    @Test
    void failedRunsAreReportedAndLeftOut() {
        List<LighthouseRun> base = new ArrayList<>(Runs.page("b", "https://x/", 5, 1000, 1.0, 0));
        List<LighthouseRun> cur = new ArrayList<>(Runs.page("c", "https://x/", 5, 1000, 1.0, 0));
        LighthouseRun failed = new LighthouseRun("bad.json", "https://x/", "mobile", "", "13.5.0", 1000, List.of(),
                Map.of(LighthouseMetric.SPEED_INDEX, 0.0), Optional.of("Lighthouse runtime error: NO_FCP"));
        cur.add(failed);
        ComparisonReport r = comparison.compare(base, cur);
        assertThat(r.failedRuns()).containsExactly(failed);
        assertThat(r.groups().getFirst().currentRuns()).isEqualTo(5);
        assertThat(r.verdict()).isEqualTo(ComparisonVerdict.PASS); // the 0 ms Speed Index of the failed run did not count
    }

    @Test
    void pairsByNormalizedUrlWhenSeveralPagesAndIgnoresHost() {
        List<LighthouseRun> base = new ArrayList<>();
        base.addAll(Runs.page("b1", "https://prod.example/a", 5, 1000, 1, 0));
        base.addAll(Runs.page("b2", "https://prod.example/b", 5, 1000, 1, 0));
        List<LighthouseRun> cur = new ArrayList<>();
        cur.addAll(Runs.page("c1", "https://pr-42.preview.example:8443/a", 5, 1000, 1, 0));
        cur.addAll(Runs.page("c2", "https://pr-42.preview.example:8443/b", 5, 1000, 2, 0));
        cur.addAll(Runs.page("c3", "https://pr-42.preview.example:8443/new", 5, 1000, 1, 0));
        ComparisonReport r = comparison.compare(base, cur);
        assertThat(r.groups()).hasSize(3);
        assertThat(r.groups().stream().map(g -> g.url() + "=" + g.worst()).collect(Collectors.toList()))
                .containsExactly("https://pr-42.preview.example:8443/a=PASS", "https://pr-42.preview.example:8443/b=REGRESSION",
                        "https://pr-42.preview.example:8443/new=INCONCLUSIVE");
    }

    @Test
    void replacementPatternsNormalizeTheRest() {
        UrlNormalizer n = new UrlNormalizer(List.of(UrlNormalizer.Replacement.parse("s#/pr-[0-9]+/#/#"),
                UrlNormalizer.Replacement.parse("s|\\?.*$||")));
        assertThat(n.normalize("https://h:1/pr-17/page?x=1")).isEqualTo("/page");
        assertThat(n.normalize("http://other/page")).isEqualTo("/page");
    }

    @Test
    void representativeRunTiesGoToTheLowerTti() {
        List<LighthouseRun> runs = List.of(
                Runs.run("r1", "u", 1, 1, 100, 0, 0, 0, 0, 1000),
                Runs.run("r2", "u", 1, 1, 100, 0, 0, 0, 0, 1200),
                Runs.run("r3", "u", 1, 1, 100, 0, 0, 0, 0, 1100),
                Runs.run("r4", "u", 1, 1, 100, 0, 0, 0, 0, 1300));
        // median TTI (even count) is 1150: r2 and r3 are both 50 away; r3 has the lower TTI
        assertThat(MedianRun.pick(runs)).contains(2);
    }
}
