package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.app.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * perfguard's own rag-eval on the demo target, in-process: collect all 225 Cranfield queries from the live
 * service, then compare. With naive-ranking on the drop rule finds a significant nDCG@10 drop; with it off,
 * no regression.
 */
class RagEvalOnTargetTest {
    @TempDir
    Path tmp;

    @Test
    void naiveRankingIsASignificantNdcgDropAndBm25AgainIsNone() throws Exception {
        Path queries = tmp.resolve("queries.jsonl");
        Path qrels = tmp.resolve("qrels.txt");
        Files.writeString(queries, Cranfield.resource("queries.jsonl"), StandardCharsets.UTF_8);
        Files.writeString(qrels, Cranfield.resource("qrels.txt"), StandardCharsets.UTF_8);
        Path flags = tmp.resolve("flags.json");
        TargetClient.writeFlags(flags, TargetClient.flags("false", false));
        try (DemoTarget target = DemoTarget.start("127.0.0.1", 0, Optional.of(flags), new PrintWriter(new StringWriter()))) {
            String endpoint = target.uri() + "search";
            Path bm25 = collect(endpoint, queries, qrels, "bm25");
            Path bm25Again = collect(endpoint, queries, qrels, "bm25-again");
            TargetClient.writeFlags(flags, TargetClient.flags("false", true));
            Path naive = collect(endpoint, queries, qrels, "naive");

            Run evaluate = Run.of("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", bm25.toString(), "-m", "ndcg_cut.10");
            assertThat(evaluate.exit()).as(evaluate.err()).isZero();
            // with the query numbering or the -1 judgments wrong this would be near 0
            double ndcg = Double.parseDouble(evaluate.out().lines().filter(l -> l.startsWith("ndcg_cut_10")).findFirst().orElseThrow().split("\t")[2]);
            assertThat(ndcg).isGreaterThan(0.35);

            Run same = compare(qrels, bm25, bm25Again);
            assertThat(same.exit()).as(same.out() + same.err()).isZero();
            assertThat(TargetClient.json(same.out()).get("verdict").asText()).isEqualTo("pass");

            Run dropped = compare(qrels, bm25, naive);
            assertThat(dropped.exit()).as(dropped.out() + dropped.err()).isEqualTo(1);
            JsonNode report = TargetClient.json(dropped.out());
            assertThat(report.get("verdict").asText()).isEqualTo("regression");
            JsonNode ndcg10 = report.get("measures").valueStream().filter(m -> m.get("measure").asText().equals("ndcg_cut_10")).findFirst().orElseThrow();
            assertThat(ndcg10.get("queries").asInt()).isEqualTo(225);
            assertThat(ndcg10.get("delta").asDouble()).isLessThan(-0.05);
            assertThat(ndcg10.get("p_randomization").asDouble()).isLessThan(0.05);
            assertThat(ndcg10.get("failing")).isNotEmpty();
            assertThat(report.get("broken").valueStream().map(JsonNode::asText)).anyMatch(s -> s.startsWith("ndcg_cut_10 dropped by"));
        }
    }

    private Path collect(String endpoint, Path queries, Path qrels, String runId) {
        Path run = tmp.resolve(runId + ".run");
        Run r = Run.of("rag-eval", "collect", "--endpoint", endpoint, "--queries", queries.toString(), "--out", run.toString(),
                "--top-k", "100", "--run-id", runId, "--concurrency", "4",
                "--request-template", "{\"query\": {{query}}, \"top_k\": {{top_k}}, \"query_id\": {{query_id}}}");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("collected 225 queries from " + endpoint + ": 225 answered, 0 failed");
        return run;
    }

    private static Run compare(Path qrels, Path before, Path after) {
        return Run.of("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "--format", "json");
    }
}
