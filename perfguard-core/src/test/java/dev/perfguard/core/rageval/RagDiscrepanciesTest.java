package dev.perfguard.core.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.Fingerprint;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RagDiscrepanciesTest {
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    static MeasureComparison cmp(String measure, double before, double after, double p, List<String> failing) {
        return new MeasureComparison(measure, 225, before, after, p, p, 10, 100, 115, failing, List.of());
    }

    @Test
    void onlyTheRegressedMeasuresBecomeDiscrepanciesWithTheirEvidence() {
        List<MeasureComparison> all = List.of(cmp("ndcg_cut_10", 0.41, 0.33, 0.0001, List.of("12", "184")),
                cmp("map", 0.30, 0.29, 0.2, List.of("7")), cmp("P_5", 0.25, 0.18, Double.NaN, List.of()));
        List<Discrepancy> ds = RagDiscrepancies.of(all, Set.of("ndcg_cut_10", "P_5"), "cranfield", List.of(), T);
        assertThat(ds).extracting(Discrepancy::metric).containsExactly("rag.ndcg_cut_10{dataset=cranfield}", "rag.P_5{dataset=cranfield}");
        assertThat(ds).allSatisfy(d -> assertThat(d.metricFamily()).isEqualTo("rag"));
        Evidence.RagEvalChange ndcg = (Evidence.RagEvalChange) ds.get(0).evidence();
        assertThat(ndcg.before()).isEqualTo(0.41);
        assertThat(ndcg.after()).isEqualTo(0.33);
        assertThat(ndcg.failingQueryIds()).containsExactly("12", "184");
        assertThat(ndcg.pValue()).contains(0.0001);
        assertThat(((Evidence.RagEvalChange) ds.get(1).evidence()).pValue()).isEmpty();
        assertThat(ds.get(0).detectedAt()).isEqualTo(T);
        assertThat(Fingerprint.of("svc", ds.get(0).metric()).key()).isEqualTo("svc/rag");
    }

    @Test
    void measureNamesWithDotsBecomeUnderscores() {
        assertThat(RagDiscrepancies.metricName("ndcg_cut.10", "golden")).isEqualTo("rag.ndcg_cut_10{dataset=golden}");
    }

    @Test
    void theDropRuleNamesTheMeasuresItFoundRegressed() {
        DropRule.Findings f = new DropRule(0.05, 0.01).judge(List.of(cmp("ndcg_cut_10", 0.41, 0.33, 0.0001, List.of()),
                cmp("map", 0.30, 0.25, 0.2, List.of()), cmp("recall_100", 0.5, 0.6, 0.001, List.of())));
        assertThat(f.regressedMeasures()).containsExactly("ndcg_cut_10");
        assertThat(f.inconclusive()).hasSize(1);
    }
}
