package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionReportTest {
    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    static Discrepancy d(String metric) {
        return new Discrepancy(metric, new Evidence.LighthouseDelta(1000, 2000, "ms", 5), List.of(), T);
    }

    @Test
    void oneReportPerMetricFamilyInTheOrderFamiliesFirstAppear() {
        Discrepancy lcp = d("lighthouse.lcp_ms{page=/,preset=mobile}");
        Discrepancy p95 = d("edge.latency_p95_ms{route=/api/search}");
        Discrepancy tbt = d("lighthouse.tbt_ms{page=/,preset=mobile}");
        Discrepancy ndcg = d("rag.ndcg_cut_10{dataset=golden}");

        List<RegressionReport> reports = RegressionReport.byFamily("theo-engine-web", List.of(lcp, p95, tbt, ndcg));

        assertThat(reports).extracting(r -> r.fingerprint().key())
                .containsExactly("theo-engine-web/lighthouse", "theo-engine-web/edge", "theo-engine-web/rag");
        assertThat(reports.get(0).discrepancies()).containsExactly(lcp, tbt);
        assertThat(reports.get(1).discrepancies()).containsExactly(p95);
        assertThat(reports.get(2).discrepancies()).containsExactly(ndcg);
    }

    @Test
    void nothingToReportIsNoReport() {
        assertThat(RegressionReport.byFamily("theo-engine-web", List.of())).isEmpty();
        assertThatThrownBy(() -> new RegressionReport("theo-engine-web", List.of()))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("at least one discrepancy");
    }

    @Test
    void theFingerprintNormalizesTheServiceAndRejectsABadOne() {
        assertThat(new RegressionReport(" Theo-Engine-Web ", List.of(d("lighthouse.cls"))).fingerprint().key())
                .isEqualTo("theo-engine-web/lighthouse");
        assertThatThrownBy(() -> new RegressionReport("no spaces allowed", List.of(d("lighthouse.cls"))).fingerprint())
                .isInstanceOf(PerfguardException.class).hasMessageContaining("service");
    }
}
