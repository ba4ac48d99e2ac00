package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lighthouse CI assertions through the CLI: where they are read from, how they decide the exit status, how each format shows them. */
class LhciAssertCliTest {
    @TempDir Path tmp;

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Run compare(String ff, String variant, String... extra) {
        String runs = Run.lighthouse(ff, variant);
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"lighthouse", "compare", "--baseline", runs, "--current", runs}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        return Run.of(args);
    }

    @Test
    void aFailingErrorAssertionIsARegressionAndAWarningIsNot() throws IOException {
        Path warn = file("warn.json", "{\"ci\":{\"assert\":{\"assertions\":{\"largest-contentful-paint\":[\"warn\",{\"maxNumericValue\":1}]}}}}");
        Run w = compare("desktop", "good", "--lhci-config", warn.toString(), "--format", "json");
        assertThat(w.exit()).as(w.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(w.out()).get("assertions").get(0);
        assertThat(a.get("auditId").asText()).isEqualTo("largest-contentful-paint");
        assertThat(a.get("name").asText()).isEqualTo("maxNumericValue");
        assertThat(a.get("operator").asText()).isEqualTo("<=");
        assertThat(a.get("level").asText()).isEqualTo("warn");
        assertThat(a.get("passed").asBoolean()).isFalse();
        assertThat(a.has("auditProperty")).isFalse();

        Path error = file("error.yml", "ci:\n  assert:\n    assertions:\n      largest-contentful-paint: [error, {maxNumericValue: 1}]\n");
        Run e = compare("desktop", "good", "--lhci-config", error.toString());
        assertThat(e.exit()).as(e.out() + e.err()).isEqualTo(1);
        assertThat(e.out()).startsWith("perfguard lighthouse: REGRESSION")
                .contains("Lighthouse CI assertions on the current runs: 1 failed, 0 warned, 0 passed")
                .contains("FAILED  http://127.0.0.1:8765/good/  largest-contentful-paint maxNumericValue: expected <=1");
    }

    @Test
    void inlineAssertionsInPerfguardYamlAreUsedAndPassedOnesListedWhenAsked() throws IOException {
        Path cfg = file("perfguard.yaml", """
                lighthouse:
                  assert:
                    includePassedAssertions: true
                    assertions:
                      categories:performance: [error, {minScore: 0.9}]
                      first-contentful-paint: [error, {maxNumericValue: 5000, aggregationMethod: median}]
                """);
        Run r = compare("desktop", "good", "--config", cfg.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode as = new ObjectMapper().readTree(r.out()).get("assertions");
        assertThat(as).hasSize(2);
        assertThat(as.get(0).get("auditId").asText()).isEqualTo("categories");
        assertThat(as.get(0).get("auditProperty").asText()).isEqualTo("performance");
        assertThat(as.get(0).get("passed").asBoolean()).isTrue();
    }

    @Test
    void markdownAndJunitShowTheAssertionsBesideTheComparison() throws IOException {
        Path c = file("lighthouserc.json", "{\"ci\":{\"assert\":{\"assertions\":{\"total-blocking-time\":[\"error\",{\"maxNumericValue\":10}],"
                + "\"speed-index\":[\"warn\",{\"maxNumericValue\":10}]}}}}");
        Run md = compare("mobile", "regressed", "--lhci-config", c.toString(), "--format", "markdown");
        assertThat(md.exit()).isEqualTo(1);
        assertThat(md.out()).contains("#### Lighthouse CI assertions").contains("1 failed, 1 warned, 0 passed")
                .contains("`total-blocking-time`").contains("| Metric |");
        Run ju = compare("mobile", "regressed", "--lhci-config", c.toString(), "--format", "junit");
        assertThat(ju.out()).contains("name=\"total-blocking-time maxNumericValue\"").contains("<failure type=\"assertion\"")
                .contains("warning: maxNumericValue");
    }

    @Test
    void anAuditTheReportDoesNotHaveFailsAsAuditRan() throws IOException {
        Path c = file("lighthouserc.json", "{\"ci\":{\"assert\":{\"assertions\":{\"color-contrast\":\"error\",\"no-such-audit\":\"warn\"}}}}");
        Run r = compare("desktop", "good", "--lhci-config", c.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode as = new ObjectMapper().readTree(r.out()).get("assertions");
        assertThat(as.get(0).get("name").asText()).isEqualTo("auditRan");
        assertThat(as.get(0).has("message")).isFalse();
        assertThat(as.get(1).get("message").asText()).isEqualTo("\"no-such-audit\" is not a known audit.");
    }

    @Test
    void mistakesAreConfigErrorsNamingTheKey() throws IOException {
        Run level = compare("desktop", "good", "--lhci-config",
                file("a.json", "{\"ci\":{\"assert\":{\"assertions\":{\"interactive\":\"fatal\"}}}}").toString());
        assertThat(level.exit()).isEqualTo(2);
        assertThat(level.err()).contains("key 'ci.assert.assertions.interactive': expected a level: off, warn or error");
        Run option = compare("desktop", "good", "--lhci-config",
                file("b.json", "{\"ci\":{\"assert\":{\"assertions\":{\"interactive\":[\"error\",{\"maxValue\":1}]}}}}").toString());
        assertThat(option.err()).contains("key 'ci.assert.assertions.interactive[1].maxValue': unknown option");
        Run matrix = compare("desktop", "good", "--lhci-config",
                file("c.json", "{\"ci\":{\"assert\":{\"preset\":\"lighthouse:all\",\"assertMatrix\":[]}}}").toString());
        assertThat(matrix.err()).contains("key 'ci.assert.assertMatrix': cannot be used with preset");
        Run preset = compare("desktop", "good", "--lhci-config", file("d.json", "{\"ci\":{\"assert\":{\"preset\":\"lighthouse:fast\"}}}").toString());
        assertThat(preset.err()).contains("key 'ci.assert.preset': unknown preset 'lighthouse:fast'");
        Run budget = compare("desktop", "good", "--lhci-config", file("e.json", "{\"ci\":{\"assert\":{\"budgetsFile\":\""
                + file("budgets.json", "[{\"timings\":[{\"metric\":\"fcp\",\"budget\":1}]}]") + "\"}}}").toString());
        assertThat(budget.err()).contains("key '[0]': timings: invalid timing metric 'fcp'");
        Run inline = compare("desktop", "good", "--config", file("perfguard.yaml", "lighthouse:\n  assert:\n    assertions: 3\n").toString());
        assertThat(inline.exit()).isEqualTo(2);
        assertThat(inline.err()).contains("key 'lighthouse.assert.assertions': expected a mapping");
    }

    @Test
    void checkJudgesTheBuildsRunsToo() throws IOException {
        Path c = file("lighthouserc.json", "{\"ci\":{\"assert\":{\"assertions\":{\"categories:performance\":[\"error\",{\"minScore\":0.9}]}}}}");
        Run r = Run.of("check", "--db", tmp.resolve("store.db").toString(), "--build", "1", "--branch", "main",
                "--lhci-config", c.toString(), "--format", "json", Run.lighthouse("mobile", "regressed"));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode as = new ObjectMapper().readTree(r.out()).get("assertions");
        assertThat(as).hasSize(1);
        assertThat(as.get(0).get("auditProperty").asText()).isEqualTo("performance");
        assertThat(as.get(0).get("actual").asDouble()).isLessThan(0.9);
    }
}
