package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.OwnershipRules.Rule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnershipRulesTest {

    private final OwnershipRules rules = OwnershipRules.of(List.of(
            new Rule("platform", "*"),
            new Rule("web-perf", "lighthouse.*"),
            new Rule("search-quality", "rag.*"),
            new Rule("lcp-task-force", "lighthouse.lcp*"),
            new Rule("cls-owner", "lighthouse.cls")));

    @Test
    void mostLiteralCharactersWin() {
        assertThat(rules.resolve("lighthouse.tbt_ms").squad()).contains("web-perf");
        assertThat(rules.resolve("lighthouse.lcp_ms{page=/}").squad()).contains("lcp-task-force");
        assertThat(rules.resolve("lighthouse.cls").squad()).contains("cls-owner");
        assertThat(rules.resolve("rag.ndcg_cut_10{dataset=golden}").squad()).contains("search-quality");
        assertThat(rules.resolve("edge.latency_p95_ms").squad()).contains("platform");
    }

    @Test
    void theAssignmentNamesTheRule() {
        assertThat(rules.resolve("lighthouse.tbt_ms")).isEqualTo(SquadAssignment.byRule("web-perf", "lighthouse.*"));
        assertThat(rules.resolve("lighthouse.tbt_ms").describe()).isEqualTo("web-perf (rule lighthouse.*)");
    }

    @Test
    void globNeedsTheWholeNameToMatch() {
        OwnershipRules only = OwnershipRules.of(List.of(new Rule("web-perf", "lighthouse.*")));

        assertThat(only.resolve("lighthouse").source()).isEqualTo(SquadAssignment.Source.UNOWNED);
        assertThat(only.resolve("xlighthouse.lcp").source()).isEqualTo(SquadAssignment.Source.UNOWNED);
        assertThat(only.resolve("lighthouse.").squad()).contains("web-perf");
    }

    @Test
    void dotsInPatternsAreLiteral() {
        OwnershipRules only = OwnershipRules.of(List.of(new Rule("web-perf", "lighthouse.*")));

        assertThat(only.resolve("lighthouseXlcp").source()).isEqualTo(SquadAssignment.Source.UNOWNED);
    }

    @Test
    void equalLiteralsPreferFewerWildcardsThenDeclarationOrder() {
        // "rag.*_10" and "rag.ndc*" both have 7 literals and 1 wildcard; "rag*.*_10" has 7 literals and 2
        Rule suffix = new Rule("suffix", "rag.*_10");
        Rule twoStars = new Rule("two-stars", "rag*.*_10");
        Rule prefix = new Rule("prefix", "rag.ndc*");

        assertThat(OwnershipRules.of(List.of(twoStars, suffix, prefix)).resolve("rag.ndcg_cut_10").squad())
                .contains("suffix");
        assertThat(OwnershipRules.of(List.of(twoStars, prefix, suffix)).resolve("rag.ndcg_cut_10").squad())
                .contains("prefix");
        assertThat(OwnershipRules.of(List.of(twoStars, new Rule("short", "rag.*g*"))).resolve("rag.ndcg_cut_10")
                .squad()).contains("two-stars");
    }

    @Test
    void overrideWinsAndIsRecordedAsSuch() {
        SquadAssignment a = rules.resolve(List.of("lighthouse.lcp_ms"), Optional.of("web-core"));

        assertThat(a).isEqualTo(SquadAssignment.overridden("web-core"));
        assertThat(a.describe()).isEqualTo("web-core (override)");
    }

    @Test
    void severalMetricsTakeTheMostSpecificMatchOverAll() {
        assertThat(rules.resolve(List.of("lighthouse.tbt_ms", "lighthouse.lcp_ms"), Optional.empty()).squad())
                .contains("lcp-task-force");
    }

    @Test
    void noRulesMeansUnowned() {
        assertThat(OwnershipRules.none().resolve("rag.x")).isEqualTo(SquadAssignment.unowned());
        assertThat(SquadAssignment.unowned().describe()).isEqualTo("unowned");
    }

    @Test
    void aPatternClaimedByTwoSquadsIsAConfigError() {
        assertThatThrownBy(() -> OwnershipRules.of(List.of(new Rule("a", "rag.*"), new Rule("b", "rag.*"))))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
                .hasMessageContaining("'rag.*' is claimed by both a and b");
    }

    @Test
    void patternsWithLabelsAreAConfigError() {
        assertThatThrownBy(() -> new Rule("a", "rag.x{dataset=golden}"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG));
    }
}
