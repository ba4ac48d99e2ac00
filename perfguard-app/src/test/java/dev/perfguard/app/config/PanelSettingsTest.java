package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.core.incident.PanelLink;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PanelSettingsTest {
    private final ConfigLoader loader = new ConfigLoader();
    static final String YAML = """
            service: web
            panels:
              lighthouse:
                - title: Web Vitals
                  url: https://grafana.example/d/web-vitals/web-vitals?viewPanel=2&from=now-6h&to=now
              rag:
                - title: RAG Retrieval Quality
                  url: https://grafana.example/d/rag/rag-retrieval-quality
            """;

    @Test
    void everyDiscrepancyOfAFamilyLinksToItsPanelsPinnedToTheEvidence() {
        var catalog = PanelSettings.catalog(loader.parse("perfguard.yaml", YAML).panels());
        Instant from = Instant.parse("2026-12-01T10:00:00Z");
        Instant to = Instant.parse("2026-12-02T10:00:00Z");
        Discrepancy lcp = new Discrepancy("lighthouse.lcp_ms{page=/}", new Evidence.LighthouseDelta(2100, 3400, "ms", 5),
                List.of(new PanelLink("own", URI.create("https://grafana.example/d/own"))), to);
        Discrepancy edge = new Discrepancy("edge.latency_p95_s", new Evidence.TelemetryWindows(0.3,
                List.of(new Evidence.WindowValue(from, 0.5))), List.of(), to);
        List<Discrepancy> linked = catalog.linked(List.of(lcp, edge), from, to);
        assertThat(linked.get(0).panels()).extracting(p -> p.url().toString()).containsExactly("https://grafana.example/d/own",
                "https://grafana.example/d/web-vitals/web-vitals?viewPanel=2&from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli());
        assertThat(linked.get(0).panels().get(1).title()).isEqualTo("Web Vitals");
        assertThat(linked.get(1).panels()).isEmpty();
        assertThat(catalog.linked(linked, from, to).get(0).panels()).hasSize(2); // a URL once
    }

    @Test
    void badPanelsAreConfigErrorsNamingTheKeyAndLine() {
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "panels:\n  lighthouse:\n    - title: Web Vitals\n      url: grafana/d/x\n"))
                .isInstanceOf(PerfguardException.class).hasMessageContaining("perfguard.yaml:")
                .hasMessageContaining("panels.lighthouse[0].url").hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "panels:\n  lighthouse:\n    - url: https://g.example/d/x\n"))
                .hasMessageContaining("panels.lighthouse[0].title").hasMessageContaining("is required");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "panels:\n  Light House:\n    - title: x\n      url: https://g.example/\n"))
                .hasMessageContaining("is not a metric family");
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "panels:\n  lighthouse: []\n"))
                .hasMessageContaining("must list at least one panel");
    }
}
