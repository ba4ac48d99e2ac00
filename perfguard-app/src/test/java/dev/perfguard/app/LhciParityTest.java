package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * perfguard against Lighthouse CI itself: {@code scripts/lhci-parity} runs {@code lhci assert}
 * (npm {@code @lhci/cli@0.15.1}) on the 13.5.0 fixture runs with each configuration of
 * {@code lhci-parity/} (the recommended preset, a custom assertion set over a preset, an assertion
 * matrix, a budgets file); perfguard judges the same runs with the same file, and every assertion
 * must come out the same: same key, level, pass or fail, and value. Runs where node and npm are
 * installed; with {@code PERFGUARD_REQUIRE_LHCI=1} their absence fails instead of skipping.
 */
class LhciParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONFIGS = List.of("recommended.json", "custom.yml", "matrix.json", "lighthouserc-budgets.json");

    @TempDir static Path out;

    @BeforeAll
    static void runLhci() throws Exception {
        boolean required = "1".equals(System.getenv("PERFGUARD_REQUIRE_LHCI"));
        boolean node = onPath("node") && onPath("npm");
        if (required) {
            assertThat(node).as("PERFGUARD_REQUIRE_LHCI=1 but node or npm is not on the PATH").isTrue();
        }
        assumeTrue(node, "node and npm are not installed: Lighthouse CI cannot run");
        Path script = Path.of("../scripts/lhci-parity").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(script.toString(), out.toString(), Run.fixtures().toString(), configs().toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("lhci-parity finished").isTrue();
        assertThat(p.exitValue()).as(log).isZero();
    }

    private static boolean onPath(String cmd) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, cmd)));
    }

    private static Path configs() {
        return Path.of("src/test/resources/lhci-parity").toAbsolutePath();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String config : CONFIGS) {
            for (String ff : List.of("desktop", "mobile")) {
                for (String variant : List.of("good", "regressed")) {
                    cases.add(Arguments.of(config, ff, variant));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1} {2}")
    @MethodSource("cases")
    void perfguardJudgesEveryAssertionAsLhciDoes(String config, String ff, String variant) throws IOException {
        String name = config.substring(0, config.lastIndexOf('.'));
        Path file = config.startsWith("lighthouserc-") ? out.resolve(config) : configs().resolve(config);
        Map<String, String> lhci = outcomes(JSON.readTree(out.resolve(name + "__" + ff + "-" + variant + ".json").toFile()));

        String runs = Run.lighthouse(ff, variant);
        Run r = Run.of("lighthouse", "compare", "--baseline", runs, "--current", runs, "--lhci-config", file.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        JsonNode json = JSON.readTree(r.out());
        Map<String, String> perfguard = outcomes(json.get("assertions"));

        assertThat(perfguard).as("perfguard's assertions against LHCI's").isEqualTo(lhci);
        boolean lhciFails = lhci.values().stream().anyMatch(v -> v.startsWith("error fail"));
        assertThat(r.exit()).as("exit status: 1 exactly when an error assertion fails").isEqualTo(lhciFails ? 1 : 0);
    }

    /** Each assertion's key (URL, audit, property, name) to its level, outcome and value. */
    private static Map<String, String> outcomes(JsonNode results) {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode x : results) {
            String key = x.get("url").asText() + " " + x.get("auditId").asText()
                    + (x.hasNonNull("auditProperty") ? "." + x.get("auditProperty").asText() : "") + " " + x.get("name").asText();
            JsonNode actual = x.get("actual");
            String value = actual == null || actual.isNull() ? "NaN" : String.format(java.util.Locale.ROOT, "%.9g", actual.asDouble());
            String previous = m.put(key, x.get("level").asText() + " " + (x.get("passed").asBoolean() ? "pass" : "fail")
                    + " " + x.get("operator").asText() + x.get("expected").asDouble() + " actual " + value);
            assertThat(previous).as("one result per key: " + key).isNull();
        }
        return m;
    }
}
