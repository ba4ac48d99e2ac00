package dev.perfguard.app.cli.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.Run;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.server.PerfguardServer;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.incident.Evidence;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.IncidentService;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.notify.StoreOutbox;
import dev.perfguard.runbook.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
        return runWith(Map.of(), args);
    }

    static Result runWith(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Run.cli(new PrintWriter(out), new PrintWriter(err), env).execute(args);
        return new Result(rc, out.toString(), err.toString());
    }

    @Test
    void reportToOpensTheIncidentWithTheMeasuresTheirPValueAndFailingQueries() throws Exception {
        Store store = Store.open(new Store.Location.Sqlite(tmp.resolve("report-to.db")));
        ApiTokens tokens = new ApiTokens(store, Clock.systemUTC());
        IncidentService incidents = new IncidentService(store, IncidentService.Settings.defaults(), Clock.systemUTC());
        try (PerfguardServer server = PerfguardServer.start(incidents, new StoreOutbox(store, "test", StoreOutbox.DEFAULT_LEASE),
                tokens, Clock.systemUTC(), "theo-engine-web", "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("RAG_TOKEN", tokens.create("ci", Role.RESPONDER).token());
            String url = "http://127.0.0.1:" + server.port();
            Result same = runWith(env, "rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                    "--after", good.toString(), "-m", "ndcg_cut.10", "--report-to", url, "--token-env", "RAG_TOKEN");
            assertThat(same.rc()).as(same.err()).isZero();
            assertThat(same.err()).contains("no regression, nothing reported to " + url);

            Result r = runWith(env, "rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                    "--after", worse.toString(), "-m", "ndcg_cut.10", "-m", "map", "--dataset", "golden",
                    "--report-to", url, "--token-env", "RAG_TOKEN");
            assertThat(r.rc()).as(r.err()).isEqualTo(ExitStatus.REGRESSION);
            assertThat(r.err()).contains("perfguard: opened incident ").contains("(2 discrepancies)");
            var list = incidents.browse(Optional.empty(), Optional.empty(), 0, 10).items();
            assertThat(list).hasSize(1);
            var ds = list.getFirst().incident().discrepancies();
            assertThat(ds).extracting(Discrepancy::metric).containsExactlyInAnyOrder("rag.ndcg_cut_10{dataset=golden}",
                    "rag.map{dataset=golden}");
            Evidence.RagEvalChange e = (Evidence.RagEvalChange) ds.stream().filter(d -> d.metric().startsWith("rag.ndcg"))
                    .findFirst().orElseThrow().evidence();
            assertThat(e.dataset()).isEqualTo("golden");
            assertThat(e.after()).isLessThan(e.before());
            assertThat(e.failingQueryIds()).isNotEmpty();
            assertThat(e.pValue()).hasValueSatisfying(p -> assertThat(p).isLessThan(0.001));

            Result noToken = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", good.toString(),
                    "--after", worse.toString(), "-m", "map", "--report-to", url);
            assertThat(noToken.rc()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(noToken.err()).contains("--report-to needs an API token in the environment variable PERFGUARD_TOKEN");
        } finally {
            store.close();
        }
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
