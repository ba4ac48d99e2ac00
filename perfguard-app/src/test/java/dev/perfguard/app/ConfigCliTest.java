package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigCliTest {
    private final ConfigLoader loader = new ConfigLoader();

    private static final String DESIGN_SKETCH = """
            service: theo-engine-web
            reporting_window: 1h
            close_after_windows: 2
            squads:
              web-perf: { owns: ["lighthouse.*"], slack: "#web-perf" }
              search-quality: { owns: ["rag.*"] }
            lighthouse:
              runs_per_build: 5
              expectations:
                - metric: lcp_ms
                  budget: 2500
                  tolerance: 10%
            rag_eval:
              datasets:
                golden: { queries: evals/golden/queries.jsonl, qrels: evals/golden/qrels.tsv }
              expectations:
                - metric: ndcg_cut_10
                  tolerance: -0.02        # absolute drop allowed
            telemetry:
              prometheus: http://prometheus:9090
              expectations:
                - name: search p95 latency
                  query: histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{route="/api/search"}[5m])) by (le))
                  max: 0.300
                  panel: https://grafana.example/d/edge-latency/api-latency-distribution?viewPanel=4
            notify:
              pagerduty: { routing_key_env: PD_ROUTING_KEY }
              slack: { token_env: SLACK_TOKEN, channel: "#theo-perf-alerts", devops_oncall: U123 }
              jira: { url: https://example.atlassian.net, project: PERF, token_env: JIRA_TOKEN }
            """;

    @Test
    void theDesignSketchLoads() {
        PerfguardConfig c = loader.parse("perfguard.yaml", DESIGN_SKETCH);
        assertThat(c.service()).isEqualTo("theo-engine-web");
        assertThat(c.reportingWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(c.squads().get("web-perf").owns()).containsExactly("lighthouse.*");
        assertThat(c.lighthouse().expectations().getFirst().tolerance().value()).isEqualTo(0.10);
        assertThat(c.ragEval().expectations().getFirst().tolerance().value()).isEqualTo(-0.02);
        assertThat(c.telemetry().expectations().getFirst().max()).isEqualTo(0.300);
        assertThat(c.notifications().slack().devopsOncall()).isEqualTo("U123");
    }

    @Test
    void defaultsWhenEmpty() {
        PerfguardConfig c = loader.parse("perfguard.yaml", "");
        assertThat(c.closeAfterWindows()).isEqualTo(2);
        assertThat(c.lighthouse().baselineBranch()).isEqualTo("main");
        assertThat(c.lighthouse().significance()).isEqualTo(0.05);
    }

    @Test
    void anUnknownKeyNamesTheLineAndTheKey() {
        assertThatThrownBy(() -> loader.parse("perfguard.yaml", "service: x\nlighthouse:\n  runs_per_bild: 5\n"))
                .isInstanceOf(PerfguardException.class)
                .hasMessageStartingWith("perfguard.yaml:3:")
                .hasMessageContaining("runs_per_bild")
                .hasMessageContaining("runs_per_build")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFIG);
    }

    @Test
    void aWrongTypeNamesTheLineAndTheKeyPath() {
        assertThatThrownBy(() -> loader.parse("p.yaml", "lighthouse:\n  expectations:\n    - metric: lcp\n      budget: fast\n"))
                .hasMessageStartingWith("p.yaml:4:")
                .hasMessageContaining("lighthouse.expectations[0].budget")
                .hasMessageContaining("expected a number or 'none'");
        assertThatThrownBy(() -> loader.parse("p.yaml", "close_after_windows: two\n"))
                .hasMessageStartingWith("p.yaml:1:")
                .hasMessageContaining("close_after_windows")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> loader.parse("p.yaml", "reporting_window: soon\n"))
                .hasMessageContaining("reporting_window").hasMessageContaining("duration");
    }

    @Test
    void badValuesAreRefusedWithTheirBound() {
        assertThatThrownBy(() -> loader.parse("p.yaml", "lighthouse:\n  expectations:\n    - metric: lcpp\n"))
                .hasMessageContaining("lighthouse.expectations[0].metric").hasMessageContaining("lcpp");
        assertThatThrownBy(() -> loader.parse("p.yaml", "lighthouse:\n  significance: 1.5\n"))
                .hasMessageContaining("lighthouse.significance must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> loader.parse("p.yaml", "lighthouse:\n  url_replacement_patterns: ['x#y']\n"))
                .hasMessageContaining("url_replacement_patterns[0]");
    }

    @Test
    void theCliExitsTwoOnABadConfig() throws Exception {
        Path f = Files.createTempFile("perfguard", ".yaml");
        Files.writeString(f, "lighthouse:\n  nope: 1\n");
        Run r = Run.of("lighthouse", "compare", "--config", f.toString(), "--baseline", Run.lighthouse("desktop", "good"),
                "--current", Run.lighthouse("desktop", "good"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":2:").contains("nope");
    }
}
