package dev.perfguard.app.cli.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    static Path tmp;

    static Path qrels;
    static Path good;
    static Path worse;

    record Result(int rc, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Run.cli(new PrintWriter(out), new PrintWriter(err), Map.of()).execute(args);
        return new Result(rc, out.toString(), err.toString());
    }

    @BeforeAll
    static void generate() {
        qrels = tmp.resolve("qrels.txt");
        good = tmp.resolve("good.txt");
        worse = tmp.resolve("worse.txt");
        assertThat(run("rag-eval", "generate", "--queries", "300", "--docs", "50", "--quality", "0.7",
                "--qrels", qrels.toString(), "--run", good.toString(), "--run-id", "good").rc()).isZero();
        assertThat(run("rag-eval", "generate", "--queries", "300", "--docs", "50", "--quality", "0.2", "--run-seed", "9",
                "--run", worse.toString(), "--run-id", "worse").rc()).isZero();
    }

    @Test
    void aRealDropBreaksTheExpectationAndIsSignificant() throws IOException {
        Result r = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", worse.toString(), "--expect", "ndcg_cut_10:max_drop=0.02", "--format", "json");
        assertThat(r.rc()).as(r.err()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode ndcg = measure(j, "ndcg_cut_10");
        assertThat(ndcg.get("delta").asDouble()).isLessThan(-0.02);
        assertThat(ndcg.get("p_ttest").asDouble()).isLessThan(0.001);
        assertThat(ndcg.get("p_randomization").asDouble()).isLessThan(0.001);
        assertThat(ndcg.get("wins").asInt() + ndcg.get("ties").asInt() + ndcg.get("losses").asInt()).isEqualTo(300);
        assertThat(ndcg.get("failing").size()).isPositive();
        assertThat(j.get("broken").get(0).asText()).startsWith("ndcg_cut_10:max_drop=0.02");
        assertThat(j.get("ok").asBoolean()).isFalse();
    }

    @Test
    void textReportListsEveryMeasureAndTheBrokenRule() {
        Result r = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", worse.toString(), "-m", "ndcg_cut.10", "-m", "map", "--expect", "map:min=0.99");
        assertThat(r.rc()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(r.out()).contains("before: good (300 queries)   after: worse (300 queries)")
                .containsPattern("(?m)^map +0\\.\\d{4} +0\\.\\d{4} +-0\\.\\d{4} ")
                .containsPattern("(?m)^ndcg_cut_10 ")
                .contains("broken expectations:").contains("map:min=0.99");
    }

    @Test
    void comparingARunWithItselfHoldsEveryExpectation() throws IOException {
        Result r = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", good.toString(), "--expect", "ndcg_cut_10:max_drop=0", "--expect", "map:max_failing=0",
                "--format", "json");
        assertThat(r.rc()).as(r.err()).isZero();
        JsonNode ndcg = measure(new ObjectMapper().readTree(r.out()), "ndcg_cut_10");
        assertThat(ndcg.get("ties").asInt()).isEqualTo(300);
        assertThat(ndcg.get("p_ttest").asDouble()).isEqualTo(1.0);
        assertThat(ndcg.get("p_randomization").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aQueryMissingFromTheAfterRunAlwaysFails() throws IOException {
        List<String> lines = Files.readAllLines(good);
        String dropped = lines.get(0).split(" ")[0];
        Path partial = Files.write(tmp.resolve("partial.txt"), lines.stream().filter(l -> !l.startsWith(dropped + " ")).toList());
        Result r = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", partial.toString(), "--max-drop", "1", "--expect", "map:max_failing=0", "--format", "json");
        assertThat(r.rc()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("missing_after").toString()).isEqualTo("[\"" + dropped + "\"]");
        assertThat(measure(j, "map").get("failing").toString()).isEqualTo("[\"" + dropped + "\"]");
        Result md = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", partial.toString(), "--format", "markdown");
        assertThat(md.out()).contains("| measure | before | after |").contains("Missing from the after run: " + dropped);
    }

    @Test
    void badInputExitsTwo() {
        assertThat(run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", good.toString(), "--expect", "nonsense").rc()).isEqualTo(ExitStatus.BAD_INPUT);
        Result unknown = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                "--after", good.toString(), "--expect", "yaap:min=0.1");
        assertThat(unknown.rc()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(unknown.err()).contains("measure 'yaap' is not compared");
        assertThat(run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", tmp.resolve("nope").toString(),
                "--after", good.toString()).rc()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", good.toString(), "-c",
                "--skip-missing").rc()).isEqualTo(ExitStatus.BAD_INPUT);
    }

    @Test
    void evaluateJsonAndMarkdownCarryTheTrecNumbers() throws IOException {
        Result trec = run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", good.toString(), "-m", "map", "-m", "P.5");
        Result json = run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", good.toString(), "-m", "map", "-m", "P.5",
                "--format", "json", "-q");
        Result md = run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", good.toString(), "-m", "map", "-m", "P.5",
                "--format", "markdown");
        String map = trec.out().lines().filter(l -> l.startsWith("map ")).findFirst().orElseThrow().split("\t")[2];
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(String.format(Locale.ROOT, "%.4f", j.get("summary").get("map").asDouble())).isEqualTo(map);
        assertThat(j.get("queries").size()).isEqualTo(300);
        assertThat(md.out()).contains("| map | " + map + " |");
    }

    private static JsonNode measure(JsonNode j, String name) {
        for (JsonNode m : j.get("measures")) {
            if (m.get("measure").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no measure " + name + " in " + j);
    }
}
