package dev.perfguard.app.cli.series;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Cli;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangePointsCommandTest {
    @TempDir Path dir;

    record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Run.cli(new PrintWriter(out), new PrintWriter(err), Map.of()).execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** A build history: lognormal noise around 1000 ms, +12 % from build 70, one build missing. */
    private static String history(boolean header) {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder(header ? "time,value\n" : "");
        for (int i = 0; i < 120; i++) {
            double v = (i < 70 ? 1000 : 1120) * Math.exp(0.04 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2);
            String value = i == 40 ? "" : String.format(Locale.ROOT, "%.1f", v);
            sb.append(header ? "2026-01-01T" + String.format(Locale.ROOT, "%03d", i) + "," + value : value.isEmpty() ? "NaN" : value)
                    .append('\n');
        }
        return sb.toString();
    }

    @Test
    void jsonNamesTheFirstBadBuildWithLevelsAndConfidence() throws IOException {
        Path csv = dir.resolve("lcp.csv");
        Files.writeString(csv, history(true));

        Result run = run("series", "changepoints", "--format", "json", csv.toString());

        assertThat(run.status()).isEqualTo(0);
        JsonNode cps = new ObjectMapper().readTree(run.out()).get("changePoints");
        assertThat(cps).hasSize(1);
        JsonNode cp = cps.get(0);
        assertThat(cp.get("index").asInt()).isEqualTo(70);
        assertThat(cp.get("label").asText()).isEqualTo("2026-01-01T070");
        assertThat(cp.get("kind").asText()).isEqualTo("regression");
        assertThat(cp.get("before").get("count").asInt()).isEqualTo(69); // one build missing
        assertThat(cp.get("before").get("median").asDouble()).isBetween(980.0, 1020.0);
        assertThat(cp.get("after").get("mean").asDouble()).isBetween(1100.0, 1140.0);
        assertThat(cp.get("change").asDouble()).isBetween(0.09, 0.15);
        assertThat(cp.get("confidence").asDouble()).isGreaterThan(0.999);
    }

    @Test
    void oneValuePerLineFromStdinInText() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"series", "changepoints", "--better", "higher", "-"};
        int status = Cli.create(new PrintWriter(out), new PrintWriter(err),
                Run.bootstrap(() -> new ByteArrayInputStream(history(false).getBytes(StandardCharsets.UTF_8))), args)
                .execute(args);

        assertThat(status).isEqualTo(0);
        assertThat(out.toString()).contains("<stdin>: 120 values (1 missing), higher is better: 1 change point")
                .containsPattern("\\n70 +70 +improvement ");
    }

    @Test
    void failOnRegressionAndMinimumEffect() throws IOException {
        Path csv = dir.resolve("lcp.csv");
        Files.writeString(csv, history(true));

        assertThat(run("series", "changepoints", "--fail-on-regression", csv.toString()).status()).isEqualTo(ExitStatus.REGRESSION);
        Result big = run("series", "changepoints", "--format", "json", "--min-effect", "0.5", "--fail-on-regression", csv.toString());
        assertThat(big.status()).isEqualTo(0);
        assertThat(big.out()).contains("\"changePoints\" : [ ]");
    }

    @Test
    void malformedInputNamesFileAndLineAndExitsTwo() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "index,value\n0,1.5\n1,fast\n");
        Result run = run("series", "changepoints", csv.toString());
        assertThat(run.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(run.err()).contains(csv + ":3: value 'fast' is not a number");

        Files.writeString(csv, "index,value,extra\n0,1,2\n");
        assertThat(run("series", "changepoints", csv.toString()).err()).contains(":1: the CSV header must have two columns");

        Files.writeString(csv, "index,value\n0,1\n1\n");
        assertThat(run("series", "changepoints", csv.toString()).err()).contains(":3: expected two columns");

        Result missing = run("series", "changepoints", dir.resolve("none.csv").toString());
        assertThat(missing.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(missing.err()).contains("none.csv: no such file");

        assertThat(run("series", "changepoints", "--format", "xml", csv.toString()).status()).isEqualTo(ExitStatus.BAD_INPUT);
    }

    @Test
    void seriesAloneShowsItsSubcommands() {
        Result run = run("series");
        assertThat(run.status()).isEqualTo(0);
        assertThat(run.out()).contains("changepoints");
    }

    @Test
    void progressGoesToStandardErrorAndLeavesStandardOutputAlone() throws IOException {
        Path csv = dir.resolve("lcp.csv");
        Files.writeString(csv, history(true));
        Result quiet = run("series", "changepoints", csv.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Run.cli(new PrintWriter(out), new PrintWriter(err), Map.of("PERFGUARD_PROGRESS", "always"))
                .execute("series", "changepoints", csv.toString());
        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo(quiet.out());
        assertThat(quiet.err()).isEmpty();
        assertThat(err.toString()).contains("series changepoints: reading " + csv)
                .contains("looking for change points in 120 values").contains("done in ");
    }
}
