package dev.perfguard.core.rageval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-worked examples of trec_eval's rules. */
class RunEvaluatorTest {
    static Qrels qrels(String... lines) {
        Qrels.Builder b = new Qrels.Builder("qrels");
        int n = 0;
        for (String l : lines) {
            String[] f = l.split(" ");
            b.query(f[0]).add(f[1], Integer.parseInt(f[2]), ++n);
        }
        return b.build();
    }

    static Evaluation eval(Qrels q, EvalOptions opt, List<String> measures, String... runLines) {
        RunEvaluator ev = new RunEvaluator(q, MeasureSet.parse(measures), opt);
        RunEvaluator.Worker w = ev.worker();
        RankedQuery block = new RankedQuery();
        String current = null;
        int line = 0;
        for (String l : runLines) {
            String[] f = l.split(" ");
            if (!f[0].equals(current)) {
                if (current != null) {
                    assertThat(w.accept(block)).isTrue();
                }
                current = f[0];
                block.reset("run", current);
            }
            block.add(f[1], Double.parseDouble(f[2]), ++line);
        }
        if (current != null) {
            assertThat(w.accept(block)).isTrue();
        }
        return ev.finish("r");
    }

    static double value(Evaluation e, String qid, String column) {
        int c = e.measures().indexOf(column);
        return qid.equals("all") ? e.summary(c) : e.query(qid).value(c);
    }

    @Test
    void tiesBreakByDocnoDescendingInByteOrder() {
        // equal scores: "D9" > "D10" > "D1" in strcmp order, so D9 ranks first
        Qrels q = qrels("1 D10 1");
        Evaluation e = eval(q, EvalOptions.defaults(), List.of("recip_rank"), "1 D1 1.0", "1 D10 1.0", "1 D9 1.0");
        assertThat(value(e, "1", "recip_rank")).isEqualTo(0.5);
    }

    @Test
    void unsortedRunsSortByScoreThenDocnoDescending() {
        Qrels q = qrels("1 D10 1");
        // not in score order, so the full sort runs: D5 (2.0), then the ties D9, D10, D1
        Evaluation e = eval(q, EvalOptions.defaults(), List.of("recip_rank", "relstring.4"),
                "1 D1 1.0", "1 D5 2.0", "1 D10 1.0", "1 D9 1.0");
        assertThat(value(e, "1", "recip_rank")).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(e.query("1").relString()).isEqualTo("--1-");
        // many queries' worth of random rankings: both sort paths agree with a reference sort
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 200; t++) {
            int n = 1 + r.nextInt(60);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add("1 D" + i + " " + r.nextInt(5));
            }
            if (r.nextBoolean()) {
                lines.sort((a, b) -> Integer.compare(Integer.parseInt(b.split(" ")[2]), Integer.parseInt(a.split(" ")[2])));
            }
            String target = "D" + r.nextInt(n);
            List<String> ref = new ArrayList<>(lines);
            ref.sort((a, b) -> {
                int c = Double.compare(Double.parseDouble(b.split(" ")[2]), Double.parseDouble(a.split(" ")[2]));
                return c != 0 ? c : b.split(" ")[1].compareTo(a.split(" ")[1]);
            });
            int rank = 1;
            while (!ref.get(rank - 1).split(" ")[1].equals(target)) {
                rank++;
            }
            Evaluation got = eval(qrels("1 " + target + " 1"), EvalOptions.defaults(), List.of("recip_rank"),
                    lines.toArray(String[]::new));
            assertThat(value(got, "1", "recip_rank")).isEqualTo(1.0 / rank);
        }
    }

    @Test
    void ndcgUsesRawGainsAndLog2Discount() {
        Qrels q = qrels("1 A 1", "1 B 0", "1 C 2");
        Evaluation e = eval(q, EvalOptions.defaults(), List.of("ndcg", "ndcg_cut.1"), "1 A 3", "1 B 2", "1 C 1");
        double ideal = 2 + 1 / (Math.log(3) / Math.log(2));
        assertThat(value(e, "1", "ndcg")).isCloseTo((1 + 2 / 2.0) / ideal, within(1e-12));
        assertThat(value(e, "1", "ndcg_cut_1")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void cutJudgedOnlyAndRelevanceLevel() {
        Qrels q = qrels("1 A 2", "1 B 1", "1 C -1");
        String[] run = {"1 X 9", "1 A 8", "1 C 7", "1 B 6"};
        Evaluation plain = eval(q, EvalOptions.defaults(), List.of("P.2", "num_ret", "map"), run);
        assertThat(value(plain, "1", "P_2")).isEqualTo(0.5);
        assertThat(value(plain, "1", "map")).isCloseTo((1 / 2.0 + 2 / 4.0) / 2, within(1e-12));
        EvalOptions j = new EvalOptions(1, Long.MAX_VALUE, true, MissingQueries.ZERO, TrecEvalVersion.V9_0_8);
        Evaluation judged = eval(q, j, List.of("P.2", "num_ret"), run);
        assertThat(value(judged, "1", "num_ret")).isEqualTo(2); // X unjudged, C negative: both dropped
        assertThat(value(judged, "1", "P_2")).isEqualTo(1.0);
        EvalOptions m = new EvalOptions(1, 2, false, MissingQueries.ZERO, TrecEvalVersion.V9_0_8);
        assertThat(value(eval(q, m, List.of("num_rel_ret"), run), "1", "num_rel_ret")).isEqualTo(1);
        EvalOptions l2 = new EvalOptions(2, Long.MAX_VALUE, false, MissingQueries.ZERO, TrecEvalVersion.V9_0_8);
        assertThat(value(eval(q, l2, List.of("num_rel", "recip_rank"), run), "1", "num_rel")).isEqualTo(1);
    }

    @Test
    void missingQueriesScoreZeroSkipOrFail() {
        Qrels q = qrels("1 A 1", "2 B 1");
        String[] run = {"1 A 1.0", "3 Z 1.0"}; // 3 has no qrels: ignored
        Evaluation zero = eval(q, EvalOptions.defaults(), List.of("map", "num_q", "num_rel"), run);
        assertThat(value(zero, "all", "num_q")).isEqualTo(2);
        assertThat(value(zero, "all", "map")).isEqualTo(0.5);
        assertThat(value(zero, "all", "num_rel")).isEqualTo(2);
        assertThat(zero.query("2").missing()).isTrue();
        EvalOptions skip = new EvalOptions(1, Long.MAX_VALUE, false, MissingQueries.SKIP, TrecEvalVersion.V9_0_8);
        Evaluation skipped = eval(q, skip, List.of("map", "num_q"), run);
        assertThat(value(skipped, "all", "num_q")).isEqualTo(1);
        assertThat(value(skipped, "all", "map")).isEqualTo(1.0);
        EvalOptions fail = new EvalOptions(1, Long.MAX_VALUE, false, MissingQueries.FAIL, TrecEvalVersion.V10_0);
        assertThatThrownBy(() -> eval(q, fail, List.of("map"), run)).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("query '2'");
    }

    @Test
    void duplicateDocumentNamesBothLines() {
        Qrels q = qrels("1 A 1");
        assertThatThrownBy(() -> eval(q, EvalOptions.defaults(), List.of("map"), "1 A 3", "1 B 2", "1 A 1"))
                .isInstanceOf(PerfguardException.class)
                .hasMessageContaining("run:3").hasMessageContaining("'A'").hasMessageContaining("line 1");
        // only the documents kept by -M are checked, as trec_eval does
        EvalOptions m = new EvalOptions(1, 2, false, MissingQueries.ZERO, TrecEvalVersion.V9_0_8);
        assertThat(value(eval(q, m, List.of("map"), "1 A 3", "1 B 2", "1 A 1"), "1", "map")).isEqualTo(1.0);
    }

    @Test
    void aSplitQueryIsRefused() {
        RunEvaluator ev = new RunEvaluator(qrels("1 A 1"), MeasureSet.parse(List.of("map")), EvalOptions.defaults());
        RunEvaluator.Worker w = ev.worker();
        RankedQuery b = new RankedQuery().reset("run", "1");
        b.add("A", 1, 1);
        assertThat(w.accept(b)).isTrue();
        assertThat(w.accept(b)).isFalse();
    }

    @Test
    void judgedTwiceInQrelsNamesBothLines() {
        assertThatThrownBy(() -> qrels("1 A 1", "1 B 0", "1 A 0")).isInstanceOf(PerfguardException.class)
                .hasMessageContaining("qrels:3").hasMessageContaining("first at line 1");
    }

    @Test
    void measureSetOrdersLikeTrecEvalAndMerges() {
        MeasureSet s = MeasureSet.parse(List.of("success.10", "P.10,5", "map", "ndcg_cut.23.4", "P.7", "iprec_at_recall..5"));
        assertThat(s.columns()).extracting(Column::name).containsExactly(
                "map", "iprec_at_recall_0.50", "P_5", "P_7", "P_10", "ndcg_cut_23", "success_10");
        assertThat(MeasureSet.parse(List.of()).columns()).extracting(Column::name).startsWith("runid", "num_q")
                .contains("gm_map", "iprec_at_recall_1.00", "P_1000").doesNotContain("ndcg");
        assertThatThrownBy(() -> MeasureSet.parse(List.of("yaap"))).hasMessageContaining("unknown measure 'yaap'");
        assertThatThrownBy(() -> MeasureSet.parse(List.of("P.x"))).hasMessageContaining("bad parameter 'x'");
        assertThatThrownBy(() -> MeasureSet.parse(List.of("map.5"))).hasMessageContaining("takes no parameters");
    }
}
