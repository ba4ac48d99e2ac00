package dev.perfguard.core.rageval;

import dev.perfguard.core.PerfguardException;
import java.util.Arrays;
import java.util.List;

/**
 * Computes every requested column for one query. Not thread-safe: it owns scratch arrays, so each
 * thread uses its own instance.
 *
 * <p>Steps, as trec_eval: sort by score descending then document id descending (C strcmp);
 * keep the first {@code -M} documents; reject a document retrieved twice among those; look up
 * each document's relevance; with {@code -J} drop the unjudged ones; then measure.
 */
final class QueryEvaluator {
    private final List<Column> columns;
    private final EvalOptions opt;
    private int[] order = new int[1024];
    private int[] tmp = new int[1024];
    private int[] rels = new int[1024];
    private int[] relCum = new int[1025];
    private int[] dupTable = new int[4096];
    private int[] hashes = new int[1024];
    private String relString;

    QueryEvaluator(MeasureSet set, EvalOptions opt) {
        this.columns = set.columns();
        this.opt = opt;
    }

    /** The values, one per column (strings and {@code num_q} hold 0), for a query of the run. */
    double[] evaluate(RankedQuery q, Judgments j) {
        int n = q.size();
        if (order.length < n) {
            int cap = Integer.highestOneBit(n) << 1;
            order = new int[cap];
            tmp = new int[cap];
            rels = new int[cap];
            relCum = new int[cap + 1];
            hashes = new int[cap];
        }
        byte[] pool = q.pool();
        for (int i = 0; i < n; i++) {
            order[i] = i;
            hashes[i] = Bytes.hash(pool, q.docOff(i), q.docLen(i));
        }
        sortRanking(q, n);
        int kept = (int) Math.min(n, opt.maxRetrieved());
        checkDuplicates(q, kept);
        int numRet = 0;
        for (int r = 0; r < kept; r++) {
            int d = order[r];
            int rel = j.relevance(pool, q.docOff(d), q.docLen(d), hashes[d]);
            if (opt.judgedOnly() && rel < 0) {
                continue;
            }
            rels[numRet++] = rel;
        }
        return measure(rels, numRet, j);
    }

    /**
     * Puts order[0, n) in trec_eval's ranking order. Runs are usually written best first, so
     * when the scores already never increase only the groups of equal scores need sorting (by
     * document id, descending); otherwise a full merge sort.
     */
    private void sortRanking(RankedQuery q, int n) {
        boolean descending = true;
        for (int i = 1; i < n && descending; i++) {
            descending = !(q.score(i) > q.score(i - 1));
        }
        if (!descending) {
            sort(q, 0, n);
            return;
        }
        int start = 0;
        while (start < n) {
            int end = start + 1;
            double s0 = q.score(start);
            while (end < n && q.score(end) == s0) {
                end++;
            }
            if (end - start > 1) {
                insertionByDocno(q, start, end);
            }
            start = end;
        }
    }

    /** Insertion sort of order[from, to) (equal scores) by document id descending. */
    private void insertionByDocno(RankedQuery q, int from, int to) {
        byte[] p = q.pool();
        for (int i = from + 1; i < to; i++) {
            int x = order[i];
            int k = i - 1;
            while (k >= from && Bytes.compare(p, q.docOff(x), q.docLen(x), p, q.docOff(order[k]), q.docLen(order[k])) > 0) {
                order[k + 1] = order[k];
                k--;
            }
            order[k + 1] = x;
        }
    }

    /** The relstring of the last query evaluated, or null when relstring is not asked for. */
    String relString() {
        return relString;
    }

    /** The values of a qrels query absent from the run under {@code -c}: zero, but num_rel counted. */
    double[] missing(Judgments j) {
        double[] v = new double[columns.size()];
        relString = null;
        for (Column c : columns) {
            if (c.measure() == Measure.RELSTRING) {
                relString = "";
            }
        }
        int numRel = j.numRelevant(opt.relevanceLevel());
        for (int c = 0; c < v.length; c++) {
            if (columns.get(c).measure() == Measure.NUM_REL) {
                v[c] = numRel;
            }
        }
        return v;
    }

    private double[] measure(int[] rels, int numRet, Judgments j) {
        int level = opt.relevanceLevel();
        int numRel = j.numRelevant(level);
        relCum[0] = 0;
        for (int i = 0; i < numRet; i++) {
            relCum[i + 1] = relCum[i] + (rels[i] >= level ? 1 : 0);
        }
        int relRet = relCum[numRet];
        double[] v = new double[columns.size()];
        relString = null;
        double[] iprec = null;
        double dcgAll = Double.NaN;
        for (int c = 0; c < v.length; c++) {
            Column col = columns.get(c);
            int k = col.cutoff();
            v[c] = switch (col.measure()) {
                case RUNID, NUM_Q -> 0;
                case RELSTRING -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0, end = Math.min(numRet, k); i < end; i++) {
                        int r = rels[i];
                        sb.append(r > 9 ? '>' : r >= 0 ? (char) ('0' + r) : r == Judgments.NOT_JUDGED ? '-'
                                : r == Judgments.UNJUDGED ? '.' : '<');
                    }
                    relString = sb.toString();
                    yield 0;
                }
                case BIN_G -> binG(rels, numRet, numRel);
                case RBP -> rbp(rels, numRet, j.sortedRelevance());
                case RBP_RESID -> rbpResidual(rels, numRet);
                case UNJ -> {
                    int unjudged = 0;
                    for (int i = 0, end = Math.min(numRet, k); i < end; i++) {
                        if (rels[i] < 0) {
                            unjudged++;
                        }
                    }
                    yield (double) unjudged / k;
                }
                case G -> gainG(rels, numRet, j.sortedRelevance());
                case NUM_RET -> numRet;
                case NUM_REL -> numRel;
                case NUM_REL_RET -> relRet;
                case MAP, GM_MAP -> averagePrecision(rels, numRet, numRel, Integer.MAX_VALUE);
                case MAP_CUT -> averagePrecision(rels, numRet, numRel, k);
                case RPREC -> numRel == 0 ? 0 : (double) relInTop(numRel, numRet) / numRel;
                case BPREF, GM_BPREF -> bpref(rels, numRet, numRel, j.numNonRelevant(level));
                case RPREC_MULT -> {
                    long cut = (long) (col.param() * numRel + 0.9);
                    yield cut <= 0 ? 0 : (double) relInTop((int) Math.min(Integer.MAX_VALUE, cut), numRet) / cut;
                }
                case UTILITY -> {
                    List<Double> p = col.values().isEmpty() ? List.of(1.0, -1.0, 0.0, 0.0) : col.values();
                    yield p.get(0) * relRet + p.get(1) * (numRet - relRet) + p.get(2) * (numRel - relRet)
                            + p.get(3) * (0L + relRet - numRet - numRel);
                }
                case RECIP_RANK -> reciprocalRank(rels, numRet);
                case IPREC_AT_RECALL -> interpolatedPrecision(rels, numRet, numRel, relRet,
                        new double[] {col.param()})[0];
                case ELEVEN_PT_AVG -> {
                    double[] points = ELEVEN_POINTS;
                    if (!col.values().isEmpty()) {
                        points = col.values().stream().mapToDouble(Double::doubleValue).toArray();
                    }
                    double[] ip = interpolatedPrecision(rels, numRet, numRel, relRet, points);
                    double s = 0;
                    for (int i = ip.length - 1; i >= 0; i--) { // trec_eval's summation order
                        s += ip[i];
                    }
                    yield s / points.length;
                }
                case P -> (double) relInTop(k, numRet) / k;
                case RECALL -> numRel == 0 ? 0 : (double) relInTop(k, numRet) / numRel;
                case RELATIVE_P -> numRel == 0 ? 0 : (double) relInTop(k, numRet) / Math.min(k, numRel);
                case SUCCESS -> relInTop(k, numRet) > 0 ? 1 : 0;
                case NDCG -> {
                    if (!col.values().isEmpty()) {
                        yield ndcgWithGains(rels, numRet, j.sortedRelevance(), col.values());
                    }
                    if (Double.isNaN(dcgAll)) {
                        dcgAll = ndcg(rels, numRet, j, Integer.MAX_VALUE);
                    }
                    yield dcgAll;
                }
                case NDCG_CUT -> ndcg(rels, numRet, j, k);
                case NDCG_REL -> ndcgRel(rels, numRet, j.sortedRelevance());
                case RNDCG -> numRel == 0 ? 0 : rndcg(rels, numRet, j.sortedRelevance());
                case INF_AP -> infAp(rels, numRet, numRel);
                case SET_P -> numRet == 0 ? 0 : (double) relRet / numRet;
                case SET_RELATIVE_P -> numRet == 0 || numRel == 0 ? 0 : (double) relRet / Math.min(numRet, numRel);
                case SET_RECALL -> numRel == 0 ? 0 : (double) relRet / numRel;
                case SET_MAP -> numRet == 0 || numRel == 0 ? 0
                        : ((double) relRet * (double) relRet) / ((double) numRet * (double) numRel);
                case SET_F -> {
                    double p = numRet == 0 ? 0 : (double) relRet / numRet;
                    double r = numRel == 0 ? 0 : (double) relRet / numRel;
                    yield p + r == 0 ? 0 : 2 * p * r / (p + r);
                }
                case NUM_NONREL_JUDGED_RET -> {
                    int x = 0;
                    for (int i = 0; i < numRet; i++) {
                        if (rels[i] >= 0 && rels[i] < level) {
                            x++;
                        }
                    }
                    yield x;
                }
            };
        }
        return v;
    }

    private static final double[] ELEVEN_POINTS = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private int relInTop(int k, int numRet) {
        return relCum[Math.min(k, numRet)];
    }

    private double averagePrecision(int[] rels, int numRet, int numRel, int cut) {
        if (numRel == 0) {
            return 0;
        }
        int level = opt.relevanceLevel();
        double sum = 0;
        int seen = 0;
        for (int i = 0, end = Math.min(numRet, cut); i < end; i++) {
            if (rels[i] >= level) {
                seen++;
                sum += (double) seen / (i + 1);
            }
        }
        return sum / numRel;
    }

    private double reciprocalRank(int[] rels, int numRet) {
        int level = opt.relevanceLevel();
        for (int i = 0; i < numRet; i++) {
            if (rels[i] >= level) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** Buckley and Voorhees 2004; judged nonrelevant = value at least 0 and below the level. */
    private double bpref(int[] rels, int numRet, int numRel, int numNonRel) {
        int level = opt.relevanceLevel();
        long nonRelSoFar = 0;
        double sum = 0;
        for (int i = 0; i < numRet; i++) {
            int r = rels[i];
            if (r < 0) {
                continue;
            }
            if (r < level) {
                nonRelSoFar++;
            } else if (nonRelSoFar > 0) {
                sum += 1.0 - (double) Math.min(nonRelSoFar, numRel) / (double) Math.min(numNonRel, numRel);
            } else {
                sum += 1.0;
            }
        }
        return numRel == 0 ? sum : sum / numRel;
    }

    /**
     * Interpolated precision at recall fractions (ascending): the maximum precision at any rank at
     * or below the rank where the needed number of relevant documents is reached. The number needed
     * is round(fraction x R) in 10.0 and (long)(fraction x R + 0.9) in 9.0.8.
     */
    private double[] interpolatedPrecision(int[] rels, int numRet, int numRel, int relRet, double[] fractions) {
        int level = opt.relevanceLevel();
        long[] cut = new long[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            cut[i] = opt.version() == TrecEvalVersion.V10_0
                    ? Math.round(fractions[i] * numRel)
                    : (long) (fractions[i] * numRel + 0.9);
        }
        double[] out = new double[fractions.length];
        int current = fractions.length - 1;
        while (current >= 0 && cut[current] > relRet) {
            current--;
        }
        double best = numRet == 0 ? 0 : (double) relRet / numRet;
        long relSoFar = relRet;
        for (int i = numRet; i > 0 && relSoFar > 0; i--) {
            double precision = (double) relSoFar / i;
            if (best < precision) {
                best = precision;
            }
            if (rels[i - 1] >= level) {
                while (current >= 0 && relSoFar == cut[current]) {
                    out[current--] = best;
                }
                relSoFar--;
            }
        }
        while (current >= 0) {
            out[current--] = best;
        }
        return out;
    }

    /** nDCG at a cutoff, gain = raw relevance value (0 when not positive), discount log2(rank + 1). */
    private static double ndcg(int[] rels, int numRet, Judgments j, int cut) {
        double dcg = 0;
        for (int i = 0, end = Math.min(numRet, cut); i < end; i++) {
            if (rels[i] > 0) {
                dcg += rels[i] / log2(i + 2);
            }
        }
        int[] ideal = j.sortedRelevance();
        double idcg = 0;
        for (int i = 0, end = Math.min(ideal.length, cut); i < end && ideal[i] > 0; i++) {
            idcg += ideal[i] / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Binary G: over relevant retrieved documents, 1 / log2(2 + nonrelevant retrieved before it), over R. */
    private double binG(int[] rels, int numRet, int numRel) {
        int level = opt.relevanceLevel();
        long relSoFar = 0;
        double sum = 0;
        for (int i = 0; i < numRet; i++) {
            if (rels[i] >= level) {
                relSoFar++;
                sum += 1.0 / log2Double(3 + i - relSoFar);
            }
        }
        return relSoFar == 0 ? 0 : sum / numRel;
    }

    /** trec_eval's G with default gains (gain = relevance value): see m_G.c's description. */
    private static double gainG(int[] rels, int numRet, int[] sorted) {
        double resultsG = 0;
        double sumResults = 0;
        double sumIdeal = 0;
        double sumCost = 0;
        final double minCost = 1.0;
        int ideal = idealGain(sorted, 0);
        int i = 0;
        for (; i < numRet && ideal > 0; i++) {
            int g = rels[i] > 0 ? rels[i] : 0;
            sumResults += g;
            ideal = idealGain(sorted, i);
            if (ideal > 0) {
                sumIdeal += ideal;
            }
            sumCost += ideal >= minCost ? ideal : minCost;
            if (g != 0) {
                resultsG += g / log2Double(2 + sumCost - sumResults);
            }
        }
        for (; i < numRet; i++) {
            int g = rels[i] > 0 ? rels[i] : 0;
            sumResults += g;
            sumCost += minCost;
            if (g != 0) {
                resultsG += g / log2Double(2 + sumCost - sumResults);
            }
        }
        while (ideal > 0) {
            ideal = idealGain(sorted, i);
            if (ideal > 0) {
                sumIdeal += ideal;
            }
            i++;
        }
        return sumIdeal > 0 ? resultsG / sumIdeal : 0;
    }

    /**
     * nDCG with trec_eval's custom gains ({@code ndcg.1=3,2=9}): listed levels get the given gain,
     * every other level present in the qrels its own value; levels are ordered by gain the way
     * trec_eval's qsort comparator does (the integer part of the difference), and the ideal
     * ranking takes them from the highest gain down while the gain is positive.
     */
    private static double ndcgWithGains(int[] rels, int numRet, int[] sorted, List<Double> pairs) {
        int maxLevel = -1;
        for (int r : sorted) {
            maxLevel = Math.max(maxLevel, r);
        }
        int[] count = new int[maxLevel + 1];
        for (int r : sorted) {
            if (r >= 0) {
                count[r]++;
            }
        }
        int n = pairs.size() / 2;
        long[] level = new long[n + maxLevel + 1];
        double[] gain = new double[n + maxLevel + 1];
        long[] num = new long[n + maxLevel + 1];
        int size = 0;
        for (int i = 0; i < n; i++) {
            level[size] = pairs.get(2 * i).longValue();
            gain[size] = pairs.get(2 * i + 1);
            size++;
        }
        for (int l = 0; l <= maxLevel; l++) {
            int k = 0;
            while (k < n && level[k] != l) {
                k++;
            }
            if (k < n) {
                num[k] = count[l];
            } else {
                level[size] = l;
                gain[size] = l;
                num[size] = count[l];
                size++;
            }
        }
        // stable insertion sort with the comparator (int) (a - b)
        for (int i = 1; i < size; i++) {
            long lv = level[i];
            double g = gain[i];
            long c = num[i];
            int k = i - 1;
            while (k >= 0 && (int) (gain[k] - g) > 0) {
                level[k + 1] = level[k];
                gain[k + 1] = gain[k];
                num[k + 1] = num[k];
                k--;
            }
            level[k + 1] = lv;
            gain[k + 1] = g;
            num[k + 1] = c;
        }
        double dcg = 0;
        for (int i = 0; i < numRet; i++) {
            double g = 0;
            for (int k = 0; k < size; k++) {
                if (level[k] == rels[i]) {
                    g = gain[k];
                    break;
                }
            }
            if (g != 0) {
                dcg += g / log2(i + 2);
            }
        }
        double idcg = 0;
        int pos = 0;
        for (int k = size - 1; k >= 0; k--) {
            if (num[k] == 0) {
                continue;
            }
            if (!(gain[k] > 0)) {
                break;
            }
            for (long c = 0; c < num[k]; c++, pos++) {
                idcg += gain[k] / log2(pos + 2);
            }
        }
        return idcg > 0 ? dcg / idcg : 0;
    }

    private static final double RBP_PERSISTENCE = 0.9;

    /** RBP: (1 - p) sum gain(rank) p^(rank - 1), gains scaled into [0, 1] when the largest exceeds 1. */
    private static double rbp(int[] rels, int numRet, int[] sorted) {
        int max = sorted.length > 0 ? Math.max(0, sorted[0]) : 0;
        double sum = 0;
        double weight = 1.0;
        for (int i = 0; i < numRet; i++) {
            int r = rels[i];
            if (r > 0) {
                double gain = max > 1 ? (double) r / max : r;
                sum += gain * weight;
            }
            weight *= RBP_PERSISTENCE;
        }
        return (1.0 - RBP_PERSISTENCE) * sum;
    }

    /** RBP residual: p^n + (1 - p) sum over unjudged ranks of p^(rank - 1); 0 without unjudged. */
    private static double rbpResidual(int[] rels, int numRet) {
        double sum = 0;
        double weight = 1.0;
        long unjudged = 0;
        for (int i = 0; i < numRet; i++) {
            if (rels[i] < 0) {
                unjudged++;
                sum += weight;
            }
            weight *= RBP_PERSISTENCE;
        }
        return unjudged == 0 ? 0 : weight + (1 - RBP_PERSISTENCE) * sum;
    }

    private static double log2Double(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static final double INFAP_EPSILON = 0.00001;

    /**
     * Inferred AP: at each judged relevant document, precision estimated from the judged documents
     * above it; documents outside the pool count as nonrelevant, pooled but unjudged ones
     * (negative qrels values) are assumed relevant in the proportion of the judged ones.
     */
    private double infAp(int[] rels, int numRet, int numRel) {
        int level = opt.relevanceLevel();
        long nonRel = 0;
        long rel = 0;
        long poolUnjudged = 0;
        double sum = 0;
        for (int j = 0; j < numRet; j++) {
            int r = rels[j];
            if (r == Judgments.NOT_JUDGED) {
                continue;
            }
            if (r == Judgments.UNJUDGED) {
                poolUnjudged++;
                continue;
            }
            if (r < level) {
                nonRel++;
                continue;
            }
            rel++;
            if (j == 0) {
                sum += 1.0;
            } else {
                double fj = j;
                sum += 1.0 / (fj + 1.0) + (fj / (fj + 1.0)) * ((rel - 1 + nonRel + poolUnjudged) / fj)
                        * ((rel - 1 + INFAP_EPSILON) / (rel - 1 + nonRel + 2 * INFAP_EPSILON));
            }
        }
        return numRel == 0 ? sum : sum / numRel;
    }

    /** The ideal ranking's gain at 0-based position i: the i-th largest qrels value, if positive. */
    private static int idealGain(int[] sorted, int i) {
        return i < sorted.length && sorted[i] > 0 ? sorted[i] : 0;
    }

    private static double ndcgRel(int[] rels, int numRet, int[] sorted) {
        int positive = 0;
        while (positive < sorted.length && sorted[positive] > 0) {
            positive++;
        }
        if (positive == 0) {
            return 0;
        }
        double dcg = 0;
        double idcg = 0;
        double sum = 0;
        int relRet = 0;
        for (int i = 0; i < numRet; i++) {
            int g = rels[i] > 0 ? rels[i] : 0;
            if (g != 0) {
                dcg += g / log2(i + 2);
            }
            if (i < positive) {
                idcg += sorted[i] / log2(i + 2);
            }
            if (g > 0) {
                sum += dcg / idcg;
                relRet++;
            }
        }
        for (int i = numRet; i < positive; i++) {
            idcg += sorted[i] / log2(i + 2);
        }
        sum += (positive - relRet) * dcg / idcg;
        return sum > 0 ? sum / positive : 0;
    }

    private static double rndcg(int[] rels, int numRet, int[] sorted) {
        double dcg = 0;
        double idcg = 0;
        double sum = 0;
        long changes = 0;
        int ideal = idealGain(sorted, 0);
        int old = ideal;
        int i = 0;
        for (; i < numRet && ideal > 0; i++) {
            int g = rels[i] > 0 ? rels[i] : 0;
            ideal = idealGain(sorted, i);
            if (old != ideal) {
                if (idcg > 0) {
                    sum += dcg / idcg;
                    changes++;
                }
                old = ideal;
            }
            if (g != 0) {
                dcg += g / log2(i + 2);
            }
            if (ideal > 0) {
                idcg += ideal / log2(i + 2);
            }
        }
        if (i < numRet) {
            for (; i < numRet; i++) {
                int g = rels[i] > 0 ? rels[i] : 0;
                if (g != 0) {
                    dcg += g / log2(i + 2);
                }
            }
            if (idcg > 0) {
                sum += dcg / idcg;
                changes++;
            }
        }
        while (ideal > 0) {
            ideal = idealGain(sorted, i);
            if (old != ideal) {
                if (idcg > 0) {
                    sum += dcg / idcg;
                    changes++;
                }
                old = ideal;
            }
            if (ideal > 0) {
                idcg += ideal / log2(i + 2);
            }
            i++;
        }
        return sum / changes;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    private void checkDuplicates(RankedQuery q, int kept) {
        int cap = Integer.highestOneBit(Math.max(16, kept * 2) - 1) << 1;
        if (dupTable.length < cap) {
            dupTable = new int[cap];
        } else {
            Arrays.fill(dupTable, 0, cap, 0);
        }
        int mask = cap - 1;
        byte[] pool = q.pool();
        for (int r = 0; r < kept; r++) {
            int d = order[r];
            int off = q.docOff(d);
            int len = q.docLen(d);
            int slot = hashes[d] & mask;
            while (dupTable[slot] != 0) {
                int e = dupTable[slot] - 1;
                if (Bytes.equal(pool, q.docOff(e), q.docLen(e), pool, off, len)) {
                    long a = Math.min(q.line(e), q.line(d));
                    long b = Math.max(q.line(e), q.line(d));
                    throw PerfguardException.badInput(q.source() + ":" + b + ": duplicate document '" + q.docno(d)
                            + "' in query '" + q.qid() + "' (also at line " + a + ")");
                }
                slot = (slot + 1) & mask;
            }
            dupTable[slot] = d + 1;
        }
    }

    /** Merge sort of order[from, to) by score descending, then document id descending. */
    private void sort(RankedQuery q, int from, int to) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int x = order[i];
                int k = i - 1;
                while (k >= from && before(q, x, order[k])) {
                    order[k + 1] = order[k];
                    k--;
                }
                order[k + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(q, from, mid);
        sort(q, mid, to);
        if (!before(q, order[mid], order[mid - 1])) {
            return;
        }
        System.arraycopy(order, from, tmp, from, to - from);
        int a = from;
        int b = mid;
        for (int i = from; i < to; i++) {
            if (b >= to || (a < mid && !before(q, tmp[b], tmp[a]))) {
                order[i] = tmp[a++];
            } else {
                order[i] = tmp[b++];
            }
        }
    }

    /** Whether document x ranks strictly before document y. */
    private static boolean before(RankedQuery q, int x, int y) {
        double sx = q.score(x);
        double sy = q.score(y);
        if (sx > sy) {
            return true;
        }
        if (sx < sy) {
            return false;
        }
        byte[] p = q.pool();
        return Bytes.compare(p, q.docOff(x), q.docLen(x), p, q.docOff(y), q.docLen(y)) > 0;
    }
}
