package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regression introduced several builds ago, hidden in run-to-run noise, is found over the
 * stored history and attributed to the build that introduced it, although the newest build alone
 * looks like its neighbours.
 */
class CheckHistoryTest {
    @TempDir Path tmp;

    static String lhr(String url, double lcp, double fcp, double tbt) {
        return String.format(Locale.ROOT, """
                {"lighthouseVersion":"13.5.0","finalUrl":"%s","fetchTime":"2026-11-01T00:00:00.000Z",
                 "runWarnings":[],"environment":{"benchmarkIndex":1500},
                 "configSettings":{"formFactor":"mobile"},
                 "categories":{"performance":{"score":0.95}},
                 "audits":{
                   "first-contentful-paint":{"numericValue":%.1f},
                   "largest-contentful-paint":{"numericValue":%.1f},
                   "cumulative-layout-shift":{"numericValue":0.01},
                   "total-blocking-time":{"numericValue":%.1f},
                   "speed-index":{"numericValue":%.1f},
                   "interactive":{"numericValue":%.1f}
                 }}
                """, url, fcp, lcp, tbt, fcp * 1.3, lcp + 100);
    }

    @Test
    void aRegressionHiddenInNoiseIsAttributedToTheBuildThatIntroducedIt() throws IOException {
        Random rnd = new Random(20261127);
        String db = tmp.resolve("history.db").toString();
        int builds = 30;
        int introduced = 18; // build b118 adds 12 % to LCP
        Run last = null;
        for (int b = 0; b < builds; b++) {
            Path dir = Files.createDirectories(tmp.resolve("b" + b));
            for (int run = 1; run <= 3; run++) {
                double noise = 1 + 0.04 * rnd.nextGaussian();
                double lcp = 2000 * (b >= introduced ? 1.12 : 1.0) * noise;
                Files.writeString(dir.resolve("run-" + run + ".json"),
                        lhr("https://shop.example/", lcp, 900 * (1 + 0.03 * rnd.nextGaussian()), 150 * (1 + 0.05 * rnd.nextGaussian())));
            }
            last = Run.of("check", "--db", db, "--build", "b1" + String.format(Locale.ROOT, "%02d", b), "--branch", "main",
                    "--commit", "c" + b, "--format", "json", dir.toString());
            assertThat(last.exit()).as(last.err()).isIn(0, 1, 5); // the first build has no baseline: inconclusive
        }
        JsonNode json = new ObjectMapper().readTree(last.out());
        // the newest build against the one before it: same level, no relative regression
        JsonNode lcp = null;
        for (JsonNode m : json.get("groups").get(0).get("metrics")) {
            if (m.get("id").asText().equals("largest-contentful-paint")) {
                lcp = m;
            }
        }
        assertThat(lcp).isNotNull();
        assertThat(lcp.get("status").asText()).isNotEqualTo("regression");
        // ... but the history shows it, at the right build and commit range
        // (the synthetic TTI is LCP + 100 ms, so it moved with it; nothing else did)
        JsonNode history = json.get("history");
        assertThat(history).extracting(n -> n.get("id").asText())
                .containsExactlyInAnyOrder("largest-contentful-paint", "interactive");
        for (JsonNode f : history) {
            assertThat(f.get("kind").asText()).isEqualTo("regression");
            assertThat(f.get("firstBadBuild").asText()).isEqualTo("b118");
            assertThat(f.get("lastGoodBuild").asText()).isEqualTo("b117");
            assertThat(f.get("commitRange").asText()).isEqualTo("c17..c18");
            assertThat(f.get("change").asDouble()).isBetween(0.06, 0.18);
        }
        assertThat(json.get("verdict").asText()).isEqualTo("regression");
        assertThat(last.exit()).isEqualTo(1);
    }

    @Test
    void aSteadyHistoryReportsNothing() throws IOException {
        Random rnd = new Random(7);
        String db = tmp.resolve("steady.db").toString();
        Run last = null;
        for (int b = 0; b < 25; b++) {
            Path dir = Files.createDirectories(tmp.resolve("s" + b));
            for (int run = 1; run <= 3; run++) {
                Files.writeString(dir.resolve("run-" + run + ".json"), lhr("https://shop.example/",
                        2000 * (1 + 0.04 * rnd.nextGaussian()), 900 * (1 + 0.03 * rnd.nextGaussian()), 150 * (1 + 0.05 * rnd.nextGaussian())));
            }
            last = Run.of("check", "--db", db, "--build", "s" + b, "--format", "json", dir.toString());
            assertThat(last.exit()).as(last.out()).isEqualTo(b == 0 ? 5 : 0); // the first build has no baseline: inconclusive
        }
        assertThat(new ObjectMapper().readTree(last.out()).get("history")).isEmpty();
    }
}
