package dev.perfguard.core.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FingerprintTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "lighthouse.lcp_ms{page=/,preset=mobile}; lighthouse",
        "lighthouse.cls; lighthouse",
        "rag.ndcg_cut_10{dataset=golden}; rag",
        "Edge.latency_p95_ms{route=/api/search}; edge",
        "uptime; uptime",
        "uptime{job=x.y}; uptime"})
    void familyIsThePartBeforeTheFirstDotWithoutLabels(String metric, String family) {
        assertThat(Fingerprint.familyOf(metric)).isEqualTo(family);
    }

    @Test
    void sameServiceAndFamilyIsTheSameFingerprint() {
        Fingerprint lcp = Fingerprint.of("theo-engine-web", "lighthouse.lcp_ms{page=/}");
        Fingerprint tbt = Fingerprint.of(" Theo-Engine-Web ", "lighthouse.tbt_ms");

        assertThat(lcp).isEqualTo(tbt);
        assertThat(lcp.key()).isEqualTo("theo-engine-web/lighthouse");
        assertThat(lcp).isNotEqualTo(Fingerprint.of("theo-engine-web", "rag.ndcg_cut_10"));
        assertThat(lcp).isNotEqualTo(Fingerprint.of("theo-engine-api", "lighthouse.lcp_ms"));
    }

    @ParameterizedTest
    @EnumSource(value = IncidentState.class, names = "CLOSED", mode = EnumSource.Mode.EXCLUDE)
    void openKeyIsPresentWhileNotClosed(IncidentState state) {
        assertThat(Fingerprint.of("svc", "rag.x").openKey(state)).isEqualTo(Optional.of("svc/rag"));
    }

    @Test
    void openKeyIsEmptyOnceClosed() {
        assertThat(Fingerprint.of("svc", "rag.x").openKey(IncidentState.CLOSED)).isEmpty();
    }

    @Test
    void invalidServiceAndMetricAreBadInput() {
        assertThatThrownBy(() -> Fingerprint.of("svc/../x", "rag.x"))
                .isInstanceOfSatisfying(PerfguardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("service 'svc/../x'");
        assertThatThrownBy(() -> Fingerprint.familyOf(".lcp"))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("no valid family");
        assertThatThrownBy(() -> Fingerprint.familyOf("web-vitals.lcp"))
                .isInstanceOf(PerfguardException.class);
    }
}
