package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The files in examples/ work when copied: the configuration loads, the CI files are YAML that run perfguard check. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theCommentedConfigurationLoadsWithEverySection() {
        PerfguardConfig c = new ConfigLoader().load(EXAMPLES.resolve("perfguard.yaml"));
        assertThat(c.service()).isEqualTo("theo-engine-web");
        assertThat(c.squads()).containsKeys("web-perf", "search-quality", "edge");
        assertThat(c.panels()).containsKeys("lighthouse", "rag", "edge");
        assertThat(c.lighthouse().expectations()).hasSize(2);
        assertThat(c.telemetry().expectations()).hasSize(3);
        assertThat(c.notifications().jira()).isNotNull();
        assertThat(c.notifications().slack()).isNotNull();
        assertThat(c.notifications().pagerduty()).isNotNull();
        assertThat(c.notifications().grafana()).isNotNull();
        assertThat(c.server().publicUrl()).isEqualTo("https://perfguard.example.com");
    }

    @Test
    void theCiExamplesAreYamlThatGateWithPerfguardCheck() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode gh = yaml.readTree(Files.readString(EXAMPLES.resolve("ci/github-actions.yml")));
        assertThat(gh.path("jobs").path("lighthouse").path("steps").toString())
                .contains("check", "--format markdown", "--format junit", "--report-to", "lighthouse@13");
        JsonNode gl = yaml.readTree(Files.readString(EXAMPLES.resolve("ci/gitlab-ci.yml")));
        assertThat(gl.path("perf").path("artifacts").path("reports").path("junit").asText()).isEqualTo("perf_metrics/junit.xml");
        assertThat(gl.path("perf").path("script").toString()).contains("/perfguard\\\" check", "--format junit");
    }

    @Test
    void theExampleRunsAreWhereTheReadmeSays() throws Exception {
        for (String dir : new String[] {"desktop/good", "desktop/regressed", "mobile/good", "mobile/regressed"}) {
            try (var files = Files.list(EXAMPLES.resolve("lighthouse").resolve(dir))) {
                assertThat(files.filter(f -> f.toString().endsWith(".json.gz")).count()).as(dir).isEqualTo(5);
            }
        }
    }
}
