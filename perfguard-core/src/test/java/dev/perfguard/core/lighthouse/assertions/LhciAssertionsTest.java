package dev.perfguard.core.lighthouse.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.lighthouse.LhrDetail;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The rules of {@code lhci assert} on hand-made runs; LhciParityTest checks them against LHCI itself. */
class LhciAssertionsTest {
    private static LighthouseRun run(String url, double fcp, double tti, double perf) {
        Map<String, LhrDetail.Audit> audits = Map.of(
                "first-contentful-paint", new LhrDetail.Audit("FCP", fcp < 1000 ? 1 : 0.5, "numeric", fcp, 0, List.of()),
                "interactive", new LhrDetail.Audit("TTI", 1, "numeric", tti, 0, List.of()),
                "unused-javascript", new LhrDetail.Audit("JS", Double.NaN, "notApplicable", Double.NaN, 0, List.of()));
        return new LighthouseRun("r", url, "desktop", "", "13.5.0", Double.NaN, List.of(), Map.of(), Optional.empty(),
                new LhrDetail(audits, Map.of("performance", perf)));
    }

    private static Assertion max(Level l, double v, Aggregation a) {
        return new Assertion(l, true, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(v), Optional.ofNullable(a));
    }

    private static AssertConfig config(Map<String, Assertion> a) {
        return new AssertConfig(List.of(new AssertSettings(Optional.empty(), a, Optional.empty(), Optional.empty())), true);
    }

    private static final List<LighthouseRun> RUNS = List.of(run("u", 900, 3000, 0.95), run("u", 1500, 4000, 0.8),
            run("u", 1200, 3500, 0.85), run("u", 2000, 5000, 0.7));

    @Test
    void eachAggregationPicksItsValue() {
        for (var c : List.of(new Object[] {Aggregation.OPTIMISTIC, 900.0}, new Object[] {Aggregation.PESSIMISTIC, 2000.0},
                new Object[] {Aggregation.MEDIAN, 1350.0}, new Object[] {Aggregation.MEDIAN_RUN, 1500.0})) {
            AssertionResult r = LhciAssertions.evaluate(config(Map.of("first-contentful-paint", max(Level.ERROR, 1000, (Aggregation) c[0]))), RUNS)
                    .results().getFirst();
            assertThat(r.actual()).as(c[0].toString()).isEqualTo((double) c[1]);
        }
        // no aggregation: optimistic, the best run
        AssertionResult d = LhciAssertions.evaluate(config(Map.of("first-contentful-paint", max(Level.WARN, 1000, null))), RUNS).results().getFirst();
        assertThat(d.passed()).isTrue();
    }

    @Test
    void withoutOptionsMinScoreIsPointNineAndNotApplicableScoresOne() {
        AssertionReport r = LhciAssertions.evaluate(config(Map.of("unused-javascript", Assertion.of(Level.ERROR),
                "categories:performance", new Assertion(Level.ERROR, true, OptionalDouble.of(0.9), OptionalDouble.empty(),
                        OptionalDouble.empty(), Optional.of(Aggregation.PESSIMISTIC)))), RUNS);
        AssertionResult js = r.results().stream().filter(x -> x.auditId().equals("unused-javascript")).findFirst().orElseThrow();
        assertThat(js.name()).isEqualTo("minScore");
        assertThat(js.expected()).isEqualTo(0.9);
        assertThat(js.actual()).isEqualTo(1);
        AssertionResult perf = r.results().stream().filter(x -> x.auditId().equals("categories")).findFirst().orElseThrow();
        assertThat(perf.auditProperty()).contains("performance");
        assertThat(perf.actual()).isEqualTo(0.7);
        assertThat(perf.fails()).isTrue();
        assertThat(r.failures()).isEqualTo(1);
    }

    @Test
    void aMissingAuditFailsAsAuditRanAndOffIsNotJudged() {
        AssertionReport r = LhciAssertions.evaluate(config(Map.of("color-contrast", Assertion.of(Level.WARN),
                "interactive", Assertion.of(Level.OFF))), RUNS);
        assertThat(r.results()).hasSize(1);
        AssertionResult x = r.results().getFirst();
        assertThat(x.name()).isEqualTo("auditRan");
        assertThat(x.warns()).isTrue();
        assertThat(x.message()).isEmpty();
    }

    @Test
    void aPresetEntryKeepsItsOptionsUnderALevelWithOptionsButNotUnderALevelAlone() {
        Assertion preset = new Assertion(Level.WARN, true, OptionalDouble.empty(), OptionalDouble.of(0), OptionalDouble.empty(), Optional.empty());
        Assertion withOptions = new Assertion(Level.ERROR, true, OptionalDouble.of(1), OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());
        assertThat(withOptions.over(preset).maxLength()).hasValue(0);
        assertThat(withOptions.over(preset).level()).isEqualTo(Level.ERROR);
        assertThat(Assertion.of(Level.ERROR).over(preset).maxLength()).isEmpty();
    }

    @Test
    void budgetPathsBecomeLhciPatterns() {
        assertThat(PerformanceBudget.pathPattern(Optional.of("/shop/*.html"))).isEqualTo("https?://[^/]+/shop/.*\\.html");
        assertThat(PerformanceBudget.pathPattern(Optional.of("/"))).isEqualTo(".*");
        AssertConfig c = PerformanceBudget.toAssertConfig(List.of(new PerformanceBudget(Optional.of("/checkout$"),
                List.of(new PerformanceBudget.Limit("script", 10)), List.of(), List.of(new PerformanceBudget.Limit("interactive", 3000)))));
        assertThat(c.sets().getFirst().assertions()).containsOnlyKeys("interactive", "resource-summary:script:size");
        assertThat(c.sets().getFirst().assertions().get("resource-summary:script:size").maxNumericValue()).hasValue(10240);
        assertThat(LhciAssertions.evaluate(c, List.of(run("http://x/checkout/more", 1, 1, 1))).results()).isEmpty();
    }
}
