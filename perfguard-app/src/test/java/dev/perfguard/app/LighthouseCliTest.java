package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class LighthouseCliTest {
    @TempDir Path tmp;

    private static final List<String> CORE = List.of("categories.performance", "first-contentful-paint", "largest-contentful-paint",
            "cumulative-layout-shift", "total-blocking-time", "speed-index");

    @ParameterizedTest
    @ValueSource(strings = {"desktop", "mobile"})
    void goodAgainstRegressedExitsOneWithTheDocumentedJson(String preset) throws IOException {
        Run r = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse(preset, "good"),
                "--current", Run.lighthouse(preset, "regressed"), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("verdict").asText()).isEqualTo("regression");
        JsonNode g = json.get("groups").get(0);
        assertThat(g.get("url").asText()).isEqualTo("http://127.0.0.1:8765/regressed/");
        assertThat(g.get("formFactor").asText()).isEqualTo(preset);
        assertThat(g.get("representativeRun").asText()).endsWith(preset.equals("desktop") ? "run-2.json" : "run-5.json");
        List<String> regressed = new ArrayList<>();
        for (JsonNode m : g.get("metrics")) {
            assertThat(m.has("baseline") && m.has("current") && m.has("delta") && m.has("reason")).isTrue();
            if (m.get("status").asText().equals("regression")) {
                regressed.add(m.get("id").asText());
            }
        }
        assertThat(regressed).containsAll(CORE);
    }

    @Test
    void aSplitOfOneVariantExitsZero() {
        String dir = Run.lighthouse("mobile", "good");
        Run r = Run.of("lighthouse", "compare", "--baseline", dir + "/run-1.json", dir + "/run-2.json", dir + "/run-3.json",
                "--current", dir + "/run-4.json", dir + "/run-5.json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("regression");
    }

    @Test
    void markdownIsAPullRequestCommentWithArrowsAndDeltas() throws IOException {
        Run r = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("desktop", "good"),
                "--current", Run.lighthouse("desktop", "regressed"), "--format", "markdown");
        assertThat(r.exit()).isEqualTo(1);
        assertGolden("desktop-good-vs-regressed.md", r.outPortable());
    }

    @Test
    void textIsAReadableTable() throws IOException {
        Run r = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("mobile", "good"),
                "--current", Run.lighthouse("mobile", "regressed"));
        assertThat(r.exit()).isEqualTo(1);
        assertGolden("mobile-good-vs-regressed.txt", r.outPortable());
    }

    @Test
    void junitHasOneCasePerGroupAndMetric() throws Exception {
        Run r = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("desktop", "good"), Run.lighthouse("mobile", "good"),
                "--current", Run.lighthouse("desktop", "regressed"), Run.lighthouse("mobile", "regressed"), "--format", "junit");
        assertThat(r.exit()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(16);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(16);
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("16");
    }

    @Test
    void aFileThatIsNotAnLhrExitsTwoNamingIt() throws IOException {
        Path bogus = tmp.resolve("package.json");
        Files.writeString(bogus, "{\"name\":\"x\"}");
        Run r = Run.of("lighthouse", "compare", "--baseline", bogus.toString(), "--current", Run.lighthouse("desktop", "good"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bogus.toString()).contains("not a Lighthouse result").contains("lighthouseVersion");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        Run r = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("desktop", "good"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--current");
        assertThat(Run.of("lighthouse", "compare", "--baseline", "a", "--current", "b", "--format", "pdf").exit()).isEqualTo(2);
    }

    @Test
    void configTolerancesAndBudgetsApply() throws IOException {
        Path cfg = tmp.resolve("perfguard.yaml");
        // A budget of "none" and a 1000 % tolerance on LCP: the desktop LCP change (350 → 3067 ms) becomes a pass.
        Files.writeString(cfg, """
                lighthouse:
                  expectations:
                    - metric: lcp_ms
                      budget: none
                      tolerance: 1000%
                """);
        Run r = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("desktop", "good"),
                "--current", Run.lighthouse("desktop", "regressed"), "--format", "json", "--config", cfg.toString());
        JsonNode lcp = null;
        for (JsonNode m : new ObjectMapper().readTree(r.out()).get("groups").get(0).get("metrics")) {
            if (m.get("id").asText().equals("largest-contentful-paint")) {
                lcp = m;
            }
        }
        assertThat(lcp).isNotNull();
        assertThat(lcp.get("status").asText()).isEqualTo("pass");
        assertThat(lcp.get("budget").isNull()).isTrue();
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path golden = Path.of("src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("perfguard.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden file " + name + " (run with -Dperfguard.updateGolden=true to create it)").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void reportsOfDifferentLighthouseMajorVersionsAreComparedWithANote() throws IOException {
        Path old = Files.createDirectories(tmp.resolve("lh12"));
        try (var runs = Files.list(Path.of(Run.lighthouse("mobile", "good")))) {
            for (Path p : runs.toList()) {
                String lhr = Files.readString(p).replace("\"lighthouseVersion\": \"13.5.0\"", "\"lighthouseVersion\": \"12.8.2\"");
                assertThat(lhr).contains("12.8.2");
                Files.writeString(old.resolve(p.getFileName()), lhr);
            }
        }
        String note = "Lighthouse versions differ: baseline 12.8.2, current 13.5.0";
        for (String format : List.of("text", "markdown", "json")) {
            Run r = Run.of("lighthouse", "compare", "--baseline", old.toString(), "--current", Run.lighthouse("mobile", "regressed"),
                    "--format", format);
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.out()).as(format).contains(note);
        }
        Run json = Run.of("lighthouse", "compare", "--baseline", old.toString(), "--current", Run.lighthouse("mobile", "regressed"),
                "--format", "json");
        assertThat(new ObjectMapper().readTree(json.out()).get("notes").toString()).contains(note);
        Run same = Run.of("lighthouse", "compare", "--baseline", Run.lighthouse("mobile", "good"),
                "--current", Run.lighthouse("mobile", "regressed"));
        assertThat(same.out()).doesNotContain("Lighthouse versions differ");
    }
}
