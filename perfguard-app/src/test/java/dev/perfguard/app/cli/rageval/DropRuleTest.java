package dev.perfguard.app.cli.rageval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.cli.rageval.CompareCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: {@code rag-eval compare} without {@code --expect} judges every compared measure by the drop rule
 * (a mean that dropped by more than {@code --min-effect} with a randomization p below {@code --alpha} is a
 * regression), and {@code rag-eval evaluate} refuses input with nothing in it.
 */
class DropRuleTest {
    @TempDir
    static Path tmp;

    static Path qrels;
    static Path before;
    static Path after;

    static Result run(String... args) {
        return CompareCommandTest.run(args);
    }

    /** The pair of docs/rageval.md: 1,000 queries, the candidate places judged documents in the top 20 less often. */
    @BeforeAll
    static void generate() {
        qrels = tmp.resolve("qrels.txt");
        before = tmp.resolve("before.txt");
        after = tmp.resolve("after.txt");
        assertThat(run("rag-eval", "generate", "--queries", "1000", "--docs", "100", "--qrels", qrels.toString(),
                "--run", before.toString(), "--run-id", "baseline").rc()).isZero();
        assertThat(run("rag-eval", "generate", "--queries", "1000", "--docs", "100", "--run", after.toString(),
                "--run-seed", "8", "--quality", "0.5", "--run-id", "candidate").rc()).isZero();
    }

    @Test
    void aSignificantDropWithoutExpectIsARegression() throws IOException {
        Result md = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "-m", "map", "-m", "P.10", "--format", "markdown");
        assertThat(md.rc()).as(md.out() + md.err()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(md.out()).doesNotContain("All expectations hold").contains("dropped significantly");
        Result json = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "-m", "map", "-m", "P.10", "--format", "json");
        assertThat(json.rc()).isEqualTo(ExitStatus.REGRESSION);
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.get("verdict").asText()).isEqualTo("regression");
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("drop_rule").get("alpha").asDouble()).isEqualTo(0.05);
        assertThat(j.get("drop_rule").get("min_effect").asDouble()).isEqualTo(0.01);
        assertThat(j.get("broken").get(0).asText()).startsWith("map dropped");
        // P_10 dropped by 0.0101, beyond 0.01; map by 0.0234
        assertThat(j.get("broken").size()).isEqualTo(2);
        Result text = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "-m", "map");
        assertThat(text.rc()).isEqualTo(ExitStatus.REGRESSION);
        assertThat(text.out()).contains("regression: map dropped");
    }

    @Test
    void theDropRuleCanBeTunedOrTurnedOff() {
        Result loose = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "-m", "map", "--min-effect", "0.05");
        assertThat(loose.rc()).as(loose.out() + loose.err()).isEqualTo(ExitStatus.OK);
        Result off = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "-m", "map", "--no-drop-rule");
        assertThat(off.rc()).isEqualTo(ExitStatus.OK);
        assertThat(off.err()).contains("nothing checked");
        Result withExpect = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "-m", "map", "--expect", "map:max_drop=0.05");
        assertThat(withExpect.rc()).as("--expect rules replace the drop rule").isEqualTo(ExitStatus.OK);
        assertThat(run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", after.toString(),
                "--alpha", "1.5").rc()).isEqualTo(ExitStatus.BAD_INPUT);
    }

    @Test
    void aDropTooFewQueriesCanProveIsInconclusive() throws IOException {
        Path q = tmp.resolve("few-qrels.txt");
        Path b = tmp.resolve("few-before.txt");
        Path a = tmp.resolve("few-after.txt");
        // three queries, one relevant document each: before finds all three at rank 1, after loses one to rank 2
        Files.writeString(q, "q1 0 d1 1\nq2 0 d2 1\nq3 0 d3 1\n");
        Files.writeString(b, "q1 Q0 d1 1 2.0 b\nq1 Q0 x1 2 1.0 b\nq2 Q0 d2 1 2.0 b\nq2 Q0 x2 2 1.0 b\nq3 Q0 d3 1 2.0 b\nq3 Q0 x3 2 1.0 b\n");
        Files.writeString(a, "q1 Q0 d1 1 2.0 a\nq1 Q0 x1 2 1.0 a\nq2 Q0 d2 1 2.0 a\nq2 Q0 x2 2 1.0 a\nq3 Q0 x3 1 2.0 a\nq3 Q0 d3 2 1.0 a\n");
        Result r = run("rag-eval", "compare", "--qrels", q.toString(), "--before", b.toString(), "--after", a.toString(), "-m", "map",
                "--format", "json");
        assertThat(r.rc()).as(r.out() + r.err()).isEqualTo(ExitStatus.INCONCLUSIVE);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(j.get("inconclusive").get(0).asText()).startsWith("map dropped");
        assertThat(r.err()).contains("inconclusive");
        Result lenient = run("rag-eval", "compare", "--qrels", q.toString(), "--before", b.toString(), "--after", a.toString(), "-m", "map",
                "--fail-on", "regression");
        assertThat(lenient.rc()).isEqualTo(ExitStatus.OK);
    }

    @Test
    void aRunWithItselfPassesTheDropRule() {
        Result r = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", before.toString(),
                "--format", "markdown");
        assertThat(r.rc()).as(r.out() + r.err()).isEqualTo(ExitStatus.OK);
        assertThat(r.out()).contains("No measure dropped significantly");
    }

    @Test
    void emptyQrelsOrRunIsBadInputNamingTheFile() throws IOException {
        Path emptyRun = Files.write(tmp.resolve("empty-run.txt"), new byte[0]);
        Path emptyQrels = Files.write(tmp.resolve("empty-qrels.txt"), new byte[0]);
        Path comments = Files.writeString(tmp.resolve("comments-run.txt"), "# nothing yet\n\n");
        Result run = run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", emptyRun.toString());
        assertThat(run.rc()).as(run.out() + run.err()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(run.err()).contains(emptyRun.toString()).contains("no ranked documents");
        assertThat(run.out()).isEmpty();
        Result q = run("rag-eval", "evaluate", "--qrels", emptyQrels.toString(), "--run", before.toString());
        assertThat(q.rc()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(q.err()).contains(emptyQrels.toString()).contains("no relevance judgments");
        Result c = run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", comments.toString());
        assertThat(c.rc()).isEqualTo(ExitStatus.BAD_INPUT);
        Result cmp = run("rag-eval", "compare", "--qrels", qrels.toString(), "--before", before.toString(), "--after", emptyRun.toString());
        assertThat(cmp.rc()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(cmp.err()).contains(emptyRun.toString());
        // a run of another collection: no query has both results and judgments (trec_eval refuses it too)
        Path other = Files.writeString(tmp.resolve("other-run.txt"), "zz1 Q0 d1 1 1.0 r\n");
        Result unjudged = run("rag-eval", "evaluate", "--qrels", qrels.toString(), "--run", other.toString());
        assertThat(unjudged.rc()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(unjudged.err()).contains(other.toString()).contains("no query").contains(qrels.toString());
    }
}
