package dev.perfguard.core.rageval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Pairs two evaluations of the same qrels query by query. Queries are paired when both
 * evaluations counted them; a query that the before run answered and the after run did not
 * (scored zero under the default missing-query rule, or absent with {@code --skip-missing}) is
 * always failing. Only per-query decimal measures are compared (not counts, runid or gm_map).
 */
public final class Comparison {
    private Comparison() {}

    /**
     * @param maxDrop a query fails on a measure when its value drops by more than this
     * @param permutations random sign assignments of the randomization test
     * @param seed the randomization test's seed
     */
    public static List<MeasureComparison> compare(Evaluation before, Evaluation after, double maxDrop,
            int permutations, long seed) {
        List<Column> cols = before.measures().columns();
        Map<String, QueryScores> afterById = new HashMap<>();
        for (QueryScores q : after.queries()) {
            afterById.put(q.qid(), q);
        }
        List<QueryScores[]> pairs = new ArrayList<>();
        TreeSet<String> missingAfter = new TreeSet<>(Bytes::compare);
        for (QueryScores b : before.queries()) {
            QueryScores a = afterById.get(b.qid());
            if ((a == null || a.missing()) && !b.missing()) {
                missingAfter.add(b.qid());
            }
            if (a != null) {
                pairs.add(new QueryScores[] {b, a});
            }
        }
        List<MeasureComparison> out = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            Column col = cols.get(c);
            if (col.measure().kind() != Measure.Kind.DOUBLE || !col.measure().perQuery()) {
                continue;
            }
            int n = pairs.size();
            double[] d = new double[n];
            double sb = 0;
            double sa = 0;
            int wins = 0;
            int ties = 0;
            int losses = 0;
            TreeSet<String> failing = new TreeSet<>(Bytes::compare);
            for (int i = 0; i < n; i++) {
                double vb = pairs.get(i)[0].value(c);
                double va = pairs.get(i)[1].value(c);
                sb += vb;
                sa += va;
                d[i] = va - vb;
                if (va > vb) {
                    wins++;
                } else if (va < vb) {
                    losses++;
                } else {
                    ties++;
                }
                if (vb - va > maxDrop + 1e-12) {
                    failing.add(pairs.get(i)[0].qid());
                }
            }
            List<String> failingList = new ArrayList<>(failing);
            for (String q : missingAfter) {
                if (!failing.contains(q)) {
                    failingList.add(q);
                }
            }
            out.add(new MeasureComparison(col.name(), n, n == 0 ? 0 : sb / n, n == 0 ? 0 : sa / n,
                    PairedTests.tTestP(d), PairedTests.randomizationP(d, permutations, seed),
                    wins, ties, losses, failingList, new ArrayList<>(missingAfter)));
        }
        return out;
    }
}
