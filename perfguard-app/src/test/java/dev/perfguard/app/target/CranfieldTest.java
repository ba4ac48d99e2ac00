package dev.perfguard.app.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.PerfguardException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collection as loaded, and its two traps: query numbering and the -1 judgments. */
class CranfieldTest {
    static final Cranfield CRANFIELD = Cranfield.load();

    @Test
    void loadsEveryDocumentQueryAndJudgment() {
        assertThat(CRANFIELD.documents()).hasSize(1400);
        assertThat(CRANFIELD.documents().getFirst().id()).isEqualTo("1");
        assertThat(CRANFIELD.documents().getFirst().title()).isEqualTo("experimental investigation of the aerodynamics of a wing in a slipstream .");
        assertThat(CRANFIELD.documents().getLast().id()).isEqualTo("1400");
        assertThat(CRANFIELD.queries()).hasSize(225);
        assertThat(CRANFIELD.gains()).hasSize(225);
        assertThat(CRANFIELD.gains().values().stream().mapToInt(Map::size).sum()).isEqualTo(1837);
    }

    @Test
    void queriesAreNumberedByTheirPositionNotTheirDotINumber() {
        // cran.qry's third query is ".I 004": cranqrel calls it query 3, and has no query numbered 4 of that text
        Cranfield.Query third = CRANFIELD.queries().get(2);
        assertThat(third.id()).isEqualTo("3");
        assertThat(third.fileNumber()).isEqualTo("004");
        assertThat(third.text()).startsWith("what problems of heat conduction in composite slabs");
        Cranfield.Query last = CRANFIELD.queries().getLast();
        assertThat(last.id()).isEqualTo("225");
        assertThat(last.fileNumber()).isEqualTo("365");
        // the judgments of query 3 are about heat conduction: BM25 finds them for the third query's text
        try (SearchIndex index = new SearchIndex(CRANFIELD.documents())) {
            List<String> top = index.search(third.text(), 10, Ranking.BM25).stream().map(SearchIndex.Hit::id).toList();
            assertThat(top).anyMatch(id -> CRANFIELD.judged("3").getOrDefault(id, 0) > 0);
            assertThat(CRANFIELD.judged("3").keySet()).contains("5", "6", "90");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theMinusOneJudgmentsAreNotRelevant() {
        // "1 486 -1": with gain = 5 - code it would be the most relevant document of query 1 (gain 6)
        assertThat(CRANFIELD.judged("1")).containsEntry("486", 0).containsEntry("184", 3).containsEntry("13", 1);
        for (Map.Entry<String, Map<String, Integer>> q : CRANFIELD.gains().entrySet()) {
            assertThat(q.getValue().values()).as("query " + q.getKey()).allMatch(g -> g >= 0 && g <= 4);
            assertThat(q.getValue().values().stream().filter(g -> g == 0).count()).as("query " + q.getKey()).isEqualTo(1);
        }
        assertThat(Cranfield.gain(-1)).isZero();
        assertThat(Cranfield.gain(1)).isEqualTo(4);
        assertThat(Cranfield.gain(4)).isEqualTo(1);
    }

    @Test
    void theShippedRagEvalFilesAreWhatTheLoaderReads() {
        // queries.jsonl and qrels.txt were written by a separate script; the loader must agree with them line for line
        assertThat(Cranfield.resource("queries.jsonl")).isEqualTo(CRANFIELD.queriesJsonl());
        assertThat(Cranfield.resource("qrels.txt")).isEqualTo(CRANFIELD.trecQrels());
        assertThat(CRANFIELD.trecQrels()).startsWith("1 0 184 3\n").contains("\n1 0 486 0\n");
        assertThat(CRANFIELD.queriesJsonl()).startsWith("{\"query_id\": \"1\", \"query\": \"what similarity laws");
    }

    @Test
    void aMalformedJudgmentNamesItsLine() {
        String docs = ".I 1\n.T\nt\n.W\nw\n";
        String qry = ".I 001\n.W\nq\n";
        assertThatThrownBy(() -> Cranfield.parse(docs, qry, "1 1 2\n1 1 x\n")).isInstanceOf(PerfguardException.class)
                .hasMessage("cranqrel:2: code 'x' is not a whole number");
        assertThatThrownBy(() -> Cranfield.parse(docs, qry, "2 1 2\n")).hasMessageContaining("cranqrel:1: query 2 is not one of the 1 queries");
        assertThatThrownBy(() -> Cranfield.parse(docs, qry, "1 1 2\n1 1 3\n")).hasMessage("cranqrel:2: query 1 judges doc 1 twice");
    }
}
