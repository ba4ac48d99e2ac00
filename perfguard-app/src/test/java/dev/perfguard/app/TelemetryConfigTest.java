package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.TelemetrySettings;
import dev.perfguard.core.Direction;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.telemetry.Aggregate;
import dev.perfguard.core.telemetry.Baseline;
import dev.perfguard.core.telemetry.Expectation;
import dev.perfguard.core.telemetry.Rule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {
    private final ConfigLoader loader = new ConfigLoader();

    static final String CONFIG = """
            squads:
              edge: { owns: ["edge.*"] }
            telemetry:
              prometheus: http://127.0.0.1:9090
              timeout: 5s
              expectations:
                - name: search p95 latency
                  query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="/api/search"}[$__window])))
                  max: 0.300
                  panel: https://grafana.example/d/edge-latency/api-latency-distribution?viewPanel=4
                - name: search p95 vs last week
                  query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="/api/search"}[$__window])))
                  baseline: 1w
                  tolerance: 20%
                  metric: edge.latency_p95_s{route=/api/search}
                  squad: edge
                - name: online ndcg
                  kind: relative
                  query: avg_over_time(rag_online_ndcg_at_10[$__window])
                  baseline: trailing:6
                  tolerance: 0.02
                  better: higher
                  metric: rag.online_ndcg_at_10
                - name: quality band
                  query: |
                    avg_over_time(
                      rag_online_ndcg_at_10[$__window]
                    )
                  min: 0.6
                  max: 1
            """;

    @Test
    void expectationsConvertWithDefaultsAndBothKinds() {
        PerfguardConfig c = loader.parse("p.yaml", CONFIG);
        List<Expectation> xs = TelemetrySettings.expectations(c);
        assertThat(xs).hasSize(4);
        assertThat(xs.get(0).metric()).isEqualTo("telemetry.search_p95_latency");
        assertThat(xs.get(0).rule()).isEqualTo(Rule.Absolute.max(0.3));
        assertThat(xs.get(0).panel()).contains(URI.create("https://grafana.example/d/edge-latency/api-latency-distribution?viewPanel=4"));
        assertThat(xs.get(1).rule()).isEqualTo(new Rule.Relative(Baseline.SameWindowEarlier.WEEK, 0.2, true, Direction.LOWER_IS_BETTER));
        assertThat(xs.get(1).squad()).contains("edge");
        assertThat(xs.get(2).rule()).isEqualTo(new Rule.Relative(new Baseline.Trailing(6), 0.02, false, Direction.HIGHER_IS_BETTER));
        assertThat(xs.get(3).rule()).isEqualTo(new Rule.Absolute(OptionalDouble.of(0.6), OptionalDouble.of(1)));
        assertThat(TelemetrySettings.prometheus(c)).contains(URI.create("http://127.0.0.1:9090"));
        assertThat(c.telemetry().timeout()).hasSeconds(5);
        assertThat(xs.get(3).squad()).isEqualTo(Optional.empty());
        assertThat(xs.get(3).query()).isEqualTo("avg_over_time(\n  rag_online_ndcg_at_10[$__window]\n)"); // a multi-line PromQL block
    }

    @Test
    void aQueryWithoutWindowTakesAnAggregateAndAStep() {
        String yaml = """
                telemetry:
                  prometheus: http://127.0.0.1:9090
                  step: 30s
                  expectations:
                    - name: ndcg now
                      query: avg(rag_online_ndcg_at_10)
                      min: 0.6
                      aggregate: worst
                    - name: ndcg last
                      query: avg(rag_online_ndcg_at_10)
                      min: 0.6
                      aggregate: last
                      step: 1m
                    - name: ndcg over window
                      query: avg_over_time(rag_online_ndcg_at_10[$__window])
                      min: 0.6
                """;
        List<Expectation> xs = TelemetrySettings.expectations(loader.parse("p.yaml", yaml));
        assertThat(xs).extracting(Expectation::aggregate).containsExactly(Aggregate.WORST, Aggregate.LAST, Aggregate.MEAN);
        assertThat(xs).extracting(Expectation::step).containsExactly(Optional.of(Duration.ofSeconds(30)),
                Optional.of(Duration.ofMinutes(1)), Optional.of(Duration.ofSeconds(30)));
        // without any step: the default, 15 s for hourly windows
        List<Expectation> plain = TelemetrySettings.expectations(loader.parse("p.yaml", CONFIG));
        assertThat(plain).allSatisfy(x -> {
            assertThat(x.aggregate()).isEqualTo(Aggregate.MEAN);
            assertThat(x.step()).isEmpty();
            assertThat(x.step(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(15));
        });

        String[][] bad = {
            {"step: 30s", "step: 7s", "p.yaml:3: key 'telemetry.step': step 7s does not divide the 1h reporting window into whole steps"},
            {"step: 30s", "step: 100ms", "p.yaml:3: key 'telemetry.step': step 100ms splits the 1h reporting window into 36000 points; Prometheus answers at most 11000"},
            {"aggregate: worst", "aggregate: max", "p.yaml:8: key 'telemetry.expectations[0].aggregate': aggregate must be mean, worst, last or p95, was 'max'"},
            {"step: 1m", "step: 70s", "p.yaml:13: key 'telemetry.expectations[1].step': step 70s does not divide the 1h reporting window"},
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> loader.parse("p.yaml", yaml.replace(b[0], b[1]))).as(b[1])
                    .isInstanceOf(PerfguardException.class).hasMessageStartingWith(b[2]);
        }
        String windowed = yaml + "      aggregate: p95\n";
        assertThatThrownBy(() -> loader.parse("p.yaml", windowed)).hasMessageStartingWith(
                "p.yaml:17: key 'telemetry.expectations[2].aggregate': applies only to a query without $__window");
    }

    @Test
    void theShippedExamplesInDocsLoad() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "telemetry.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int n = 0;
        while (m.find()) {
            PerfguardConfig c = loader.parse("docs/telemetry.md#" + n, m.group(1));
            n++;
            assertThat(TelemetrySettings.expectations(c)).isNotEmpty();
        }
        assertThat(n).isGreaterThanOrEqualTo(1);
    }

    /** Each case: the broken line, the YAML fragment replacing the fourth expectation, and the expected message start. */
    @Test
    void errorsNameTheLineAndTheKey() {
        String[][] cases = {
            {"      baseline: 2d", "key 'telemetry.expectations[3].baseline': baseline must be 1d, 1w or trailing:N"},
            {"      baseline: 1d\n      tolerance: -5%", "key 'telemetry.expectations[3].tolerance': tolerance must not be negative"},
            {"      baseline: 1d", "key 'telemetry.expectations[3].tolerance': is required for kind relative"},
            {"      kind: relative\n      max: 3", "key 'telemetry.expectations[3].max': belongs to kind absolute"},
            {"      kind: fancy", "key 'telemetry.expectations[3].kind': expected absolute or relative, got 'fancy'"},
            {"      max: 2\n      min: 3", "key 'telemetry.expectations[3].max': min 3.0 is above max 2.0"},
            {"      max: 1\n      squad: nobody", "key 'telemetry.expectations[3].squad': squad 'nobody' is not configured under squads (configured: edge)"},
            {"      max: 1\n      panel: ftp://x/y", "key 'telemetry.expectations[3].panel': panel url 'ftp://x/y' must be an absolute http(s) URL"},
            {"      max: 1\n      metric: nodot", "key 'telemetry.expectations[3].metric': metric 'nodot' needs a family"},
            {"      max: 1\n      better: higher", "key 'telemetry.expectations[3].better': belongs to kind relative"},
            {"      baseline: 1w\n      tolerance: 10%\n      better: sideways", "key 'telemetry.expectations[3].better': expected lower or higher"},
            {"      max: fast", "key 'telemetry.expectations[3].max': expected a number"},
        };
        String head = CONFIG.substring(0, CONFIG.indexOf("    - name: quality band"));
        int line = (int) head.lines().count() + 3; // name, query, then the first line of the case
        for (String[] c : cases) {
            String yaml = head + "    - name: quality band\n      query: up\n" + c[0] + "\n";
            assertThatThrownBy(() -> loader.parse("p.yaml", yaml)).as(c[0])
                    .isInstanceOfSatisfying(PerfguardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG);
                        int keyLine = line + lineOffset(c[0], e.getMessage());
                        assertThat(e.getMessage()).startsWith("p.yaml:" + keyLine + ": " + c[1]);
                    });
        }
        String dup = CONFIG.replace("name: online ndcg", "name: search p95 latency");
        assertThatThrownBy(() -> loader.parse("p.yaml", dup)).hasMessageStartingWith(
                "p.yaml:17: key 'telemetry.expectations[2].name': name 'search p95 latency' is used by an earlier expectation");
        assertThatThrownBy(() -> loader.parse("p.yaml", CONFIG.replace("http://127.0.0.1:9090", "prometheus:9090")))
                .hasMessageStartingWith("p.yaml:4: key 'telemetry.prometheus': expected an absolute http(s) URL");
        assertThatThrownBy(() -> loader.parse("p.yaml", "reporting_window: 5h\n" + CONFIG))
                .hasMessageStartingWith("p.yaml:14: key 'telemetry.expectations[1].baseline': baseline 1w is not a whole number of 5h");
        assertThatThrownBy(() -> loader.parse("p.yaml", CONFIG.replace("    - name: search p95 latency\n", "    - nme: x\n")))
                .hasMessageContaining("key 'telemetry.expectations[0].nme': unknown key 'nme'");
    }

    /** The case's key is on the case line that names it; a missing key is reported on its expectation's first line. */
    private static int lineOffset(String fragment, String message) {
        String[] lines = fragment.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String key = lines[i].trim().split(":")[0];
            if (message.contains("." + key + "'")) {
                return i;
            }
        }
        return -2;
    }
}
