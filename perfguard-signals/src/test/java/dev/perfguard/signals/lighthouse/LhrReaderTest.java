package dev.perfguard.signals.lighthouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LhrReaderTest {
    private final LhrReader reader = new LhrReader();

    private static final String MINIMAL = """
            {"lighthouseVersion":"10.4.0","finalUrl":"https://example.com/","fetchTime":"2026-01-01T00:00:00.000Z",
             "runWarnings":["slow CPU"],"environment":{"benchmarkIndex":1234.5},
             "configSettings":{"formFactor":"desktop"},
             "categories":{"performance":{"score":0.87}},
             "audits":{
               "screenshot-thumbnails":{"details":{"items":[{"data":"data:image/jpeg;base64,AAAA"}]}},
               "first-contentful-paint":{"numericValue":900},
               "largest-contentful-paint":{"numericValue":1900.5},
               "cumulative-layout-shift":{"numericValue":0.02},
               "total-blocking-time":{"numericValue":120},
               "speed-index":{"numericValue":1500},
               "interactive":{"numericValue":2100}
             }}
            """;

    private LighthouseRun read(String json) {
        return reader.read("mem.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheFieldsOfAnLhr() {
        LighthouseRun r = read(MINIMAL);
        assertThat(r.usable()).isTrue();
        assertThat(r.url()).isEqualTo("https://example.com/");
        assertThat(r.formFactor()).isEqualTo("desktop");
        assertThat(r.lighthouseVersion()).isEqualTo("10.4.0");
        assertThat(r.fetchTime()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(r.benchmarkIndex()).isEqualTo(1234.5);
        assertThat(r.warnings()).containsExactly("slow CPU");
        assertThat(r.value(LighthouseMetric.PERFORMANCE_SCORE)).hasValue(0.87);
        assertThat(r.value(LighthouseMetric.LARGEST_CONTENTFUL_PAINT)).hasValue(1900.5);
        assertThat(r.value(LighthouseMetric.MAX_POTENTIAL_FID)).isEmpty(); // optional metric, absent
    }

    @Test
    void readsGzippedReportsAndFoldersInNaturalOrder(@TempDir Path dir) throws IOException {
        for (int i : new int[] {10, 2, 1}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(MINIMAL.replace("\"fetchTime\":\"2026-01-01T00:00:00.000Z\"", "\"fetchTime\":\"" + i + "\"")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Files.write(dir.resolve("run-" + i + ".json.gz"), bytes.toByteArray());
        }
        Files.writeString(dir.resolve("notes.txt"), "not a report");
        List<LighthouseRun> runs = reader.readAll(List.of(dir));
        assertThat(runs).extracting(LighthouseRun::fetchTime).containsExactly("1", "2", "10");
    }

    @Test
    void runtimeErrorMakesAFailedRun() {
        LighthouseRun r = read(MINIMAL.replace("\"runWarnings\"",
                "\"runtimeError\":{\"code\":\"NO_FCP\",\"message\":\"The page did not paint any content.\"},\"runWarnings\""));
        assertThat(r.usable()).isFalse();
        assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f).contains("NO_FCP").contains("did not paint"));
    }

    @Test
    void nullScoreMakesAFailedRun() {
        LighthouseRun r = read(MINIMAL.replace("\"score\":0.87", "\"score\":null"));
        assertThat(r.failure()).hasValue("performance score is null");
    }

    @Test
    void missingRequiredMetricMakesAFailedRunNamingIt() {
        LighthouseRun r = read(MINIMAL.replace("\"speed-index\":{\"numericValue\":1500}",
                "\"speed-index\":{\"scoreDisplayMode\":\"error\",\"errorMessage\":\"trace too short\"}"));
        assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f).contains("speed-index").contains("trace too short"));
    }

    @Test
    void aJsonFileThatIsNotAnLhrIsAnErrorNamingFileAndWhatIsMissing() {
        assertThatThrownBy(() -> read("{\"name\":\"package.json\",\"version\":\"1.0.0\"}"))
                .isInstanceOf(PerfguardException.class)
                .hasMessageContaining("mem.json")
                .hasMessageContaining("not a Lighthouse result")
                .hasMessageContaining("lighthouseVersion")
                .hasMessageContaining("audits")
                .extracting(e -> ((PerfguardException) e).code()).isEqualTo(ErrorCode.BAD_INPUT);
        assertThatThrownBy(() -> read("[1,2]")).hasMessageContaining("top level is not a JSON object");
    }

    @Test
    void brokenJsonNamesFileAndLine() {
        assertThatThrownBy(() -> read("{\n\"lighthouseVersion\": \"13.5.0\",\n\"audits\": {,\n}"))
                .isInstanceOf(PerfguardException.class)
                .hasMessageStartingWith("mem.json:3:")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> reader.readAll(List.of(Path.of("/nonexistent/run.json"))))
                .hasMessageContaining("/nonexistent/run.json").hasMessageContaining("no such file");
    }

    @Test
    void readsEveryFixtureIncludingAllCategoryReports() {
        List<LighthouseRun> runs = reader.readAll(List.of(SharedFixtures.root().resolve("lighthouse/13.5.0")));
        assertThat(runs).hasSize(24);
        assertThat(runs).allMatch(LighthouseRun::usable);
        assertThat(runs).extracting(LighthouseRun::lighthouseVersion).containsOnly("13.5.0");
    }

    /**
     * A report whose screenshot alone is 48 MiB is read while allocating a small fraction of that:
     * skipped values are never materialized.
     */
    @Test
    void screenshotsAreSkippedNotLoaded(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.json");
        int screenshotBytes = 48 << 20;
        try (var out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            out.write(MINIMAL.substring(0, MINIMAL.lastIndexOf('}')));
            out.write(",\"fullPageScreenshot\":{\"screenshot\":{\"data\":\"data:image/webp;base64,");
            char[] chunk = new char[1 << 16];
            Arrays.fill(chunk, 'A');
            for (int written = 0; written < screenshotBytes; written += chunk.length) {
                out.write(chunk);
            }
            out.write("\",\"width\":412,\"height\":900}}}");
        }
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        LighthouseRun r = reader.read(big);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(r.usable()).isTrue();
        assertThat(r.value(LighthouseMetric.SPEED_INDEX)).hasValue(1500.0);
        assertThat(allocated).as("bytes allocated to read a %d MiB report", screenshotBytes >> 20).isLessThan(4L << 20);
    }

    @Test
    void aDigestedRunIsKeyedByTheSha256OfTheFileAsItIs() throws Exception {
        Path good = SharedFixtures.lighthouse("desktop", "good");
        List<Path> files = LhrReader.reportFiles(List.of(good));
        List<LhrReader.Digested> runs = new LhrReader().readAllDigested(List.of(good));
        assertThat(runs).hasSameSizeAs(files);
        for (int i = 0; i < files.size(); i++) {
            byte[] bytes = Files.readAllBytes(files.get(i));
            assertThat(runs.get(i).sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(runs.get(i).run()).isEqualTo(new LhrReader().read(files.get(i)));
        }
        // a gzipped copy is another file: another key, the same run
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(files.get(0)));
        }
        LhrReader.Digested zipped = new LhrReader().readDigested("run-1.json.gz", () -> new ByteArrayInputStream(gz.toByteArray()));
        assertThat(zipped.sha256()).isNotEqualTo(runs.get(0).sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gz.toByteArray())));
        assertThat(zipped.run().values()).isEqualTo(runs.get(0).run().values());
    }

    @Test
    void anUnreadableSourceIsBadInputNamingIt() {
        assertThatThrownBy(() -> new LhrReader().readDigested("gone.json", () -> {
            throw new IOException("disk gone");
        })).isInstanceOf(PerfguardException.class).hasMessageContaining("gone.json: cannot read: disk gone");
    }
}
