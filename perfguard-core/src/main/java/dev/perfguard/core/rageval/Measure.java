package dev.perfguard.core.rageval;

import java.util.List;

/**
 * The trec_eval measures perfguard implements, declared in trec_eval's own output order (its
 * measure table), which is the order of every report regardless of the {@code -m} order.
 *
 * <p>Definitions, with R = number of relevant qrels documents of the query (relevance at least the
 * level), ranks 1-based after sorting by score descending then docno descending:
 * <ul>
 *   <li>{@code map}: sum over relevant retrieved documents of (relevant so far / rank), over R.
 *   <li>{@code gm_map}, {@code gm_bpref}: geometric mean over queries of map or bpref, each
 *       floored at 0.00001.
 *   <li>{@code Rprec_mult.m}: precision at rank (long)(m x R + 0.9).
 *   <li>{@code utility.a,b,c,d}: a x relevant retrieved + b x nonrelevant retrieved + c x relevant
 *       not retrieved + d x (nonrelevant not retrieved, with a collection size of 0); default
 *       1, -1, 0, 0.
 *   <li>{@code Rprec}: relevant in the top R, over R.
 *   <li>{@code bpref}: for each judged relevant document retrieved, one minus the fraction of the
 *       first min(R, N) judged nonrelevant documents (N = number judged nonrelevant) above it; over R.
 *   <li>{@code recip_rank}: 1 / rank of the first relevant document, else 0.
 *   <li>{@code iprec_at_recall.r}: the highest precision at any rank at or past the point where
 *       recall reaches r.
 *   <li>{@code P.k}, {@code recall.k}, {@code success.k}, {@code relative_P.k}, {@code map_cut.k}:
 *       precision, recall, any-relevant, precision over min(k, R), and map in the top k.
 *   <li>{@code ndcg}, {@code ndcg_cut.k}: DCG with gain = the raw qrels value (negatives 0) and
 *       discount 1/log2(rank + 1), over the DCG of the ideal ordering of all judged documents.
 *   <li>{@code infAP}: inferred AP (Yilmaz and Aslam, CIKM 2006) over judged documents.
 *   <li>{@code ndcg_rel}: nDCG averaged at each relevant document (a relevant document not
 *       retrieved contributes the final DCG over the ideal DCG); {@code Rndcg}: nDCG averaged at
 *       the ranks where the ideal gain changes. Both experimental in trec_eval; default gains.
 *   <li>{@code relstring.n}: the relevance values of the first n documents as characters
 *       ({@code -} not judged, {@code .} negative value, {@code >} above 9).
 *   <li>{@code binG}, {@code G}: trec_eval's experimental gain measures, default gains.
 *   <li>{@code rbp}: rank-biased precision (Moffat and Zobel 2008), persistence 0.9, gains
 *       the relevance values scaled to [0, 1] by the largest; {@code rbp_resid}: its residual
 *       (the weight of unjudged documents and of the unretrieved tail), 0 with nothing
 *       unjudged; {@code unj.k}: the share of unjudged documents in the top k. These three are
 *       in trec_eval 10.0 only and in {@code all_trec} only when reproducing 10.0.
 *   <li>{@code set_*}: precision, precision over min(retrieved, R), recall, their product, and
 *       F1 of the whole retrieved set.
 * </ul>
 */
public enum Measure {
    RUNID("runid", Kind.STRING, false, null),
    NUM_Q("num_q", Kind.COUNT, false, null),
    NUM_RET("num_ret", Kind.COUNT, true, null),
    NUM_REL("num_rel", Kind.COUNT, true, null),
    NUM_REL_RET("num_rel_ret", Kind.COUNT, true, null),
    MAP("map", Kind.DOUBLE, true, null),
    GM_MAP("gm_map", Kind.DOUBLE, false, null),
    RPREC("Rprec", Kind.DOUBLE, true, null),
    BPREF("bpref", Kind.DOUBLE, true, null),
    RECIP_RANK("recip_rank", Kind.DOUBLE, true, null),
    IPREC_AT_RECALL("iprec_at_recall", Kind.DOUBLE, true,
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)),
    P("P", Kind.DOUBLE, true, Cutoffs.STANDARD),
    RELSTRING("relstring", Kind.TEXT, true, List.of(10.0)),
    RECALL("recall", Kind.DOUBLE, true, Cutoffs.STANDARD),
    INF_AP("infAP", Kind.DOUBLE, true, null),
    GM_BPREF("gm_bpref", Kind.DOUBLE, false, null),
    RPREC_MULT("Rprec_mult", Kind.DOUBLE, true, List.of(0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0)),
    UTILITY("utility", Kind.DOUBLE, true, null),
    ELEVEN_PT_AVG("11pt_avg", Kind.DOUBLE, true, null),
    BIN_G("binG", Kind.DOUBLE, true, null),
    G("G", Kind.DOUBLE, true, null),
    NDCG("ndcg", Kind.DOUBLE, true, null),
    NDCG_REL("ndcg_rel", Kind.DOUBLE, true, null),
    RNDCG("Rndcg", Kind.DOUBLE, true, null),
    NDCG_CUT("ndcg_cut", Kind.DOUBLE, true, Cutoffs.STANDARD),
    MAP_CUT("map_cut", Kind.DOUBLE, true, Cutoffs.STANDARD),
    RELATIVE_P("relative_P", Kind.DOUBLE, true, Cutoffs.STANDARD),
    SUCCESS("success", Kind.DOUBLE, true, List.of(1.0, 5.0, 10.0)),
    SET_P("set_P", Kind.DOUBLE, true, null),
    SET_RELATIVE_P("set_relative_P", Kind.DOUBLE, true, null),
    SET_RECALL("set_recall", Kind.DOUBLE, true, null),
    SET_MAP("set_map", Kind.DOUBLE, true, null),
    SET_F("set_F", Kind.DOUBLE, true, null),
    NUM_NONREL_JUDGED_RET("num_nonrel_judged_ret", Kind.COUNT, true, null),
    RBP("rbp", Kind.DOUBLE, true, null),
    RBP_RESID("rbp_resid", Kind.DOUBLE, true, null),
    UNJ("unj", Kind.DOUBLE, true, List.of(5.0, 10.0, 20.0));

    /** How a value is printed and summarised. */
    public enum Kind {
        /** Printed as a string (the run id). */
        STRING,
        /** An integer; the summary is the sum over queries. */
        COUNT,
        /** {@code %6.4f}; the summary is the mean over queries. */
        DOUBLE,
        /** Per query only, quoted text (relstring); no summary. */
        TEXT
    }

    private static final class Cutoffs {
        static final List<Double> STANDARD = List.of(5.0, 10.0, 15.0, 20.0, 30.0, 100.0, 200.0, 500.0, 1000.0);
    }

    private final String trecName;
    private final Kind kind;
    private final boolean perQuery;
    private final List<Double> defaultParams;

    Measure(String trecName, Kind kind, boolean perQuery, List<Double> defaultParams) {
        this.trecName = trecName;
        this.kind = kind;
        this.perQuery = perQuery;
        this.defaultParams = defaultParams;
    }

    /** trec_eval's name, as given to {@code -m} and printed before any cutoff suffix. */
    public String trecName() {
        return trecName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether {@code -q} prints a line for each query (runid, num_q and gm_map print only "all"). */
    public boolean perQuery() {
        return perQuery;
    }

    boolean hasParams() {
        return defaultParams != null;
    }

    /** Whether {@code all_trec} of this trec_eval release includes the measure. */
    boolean inAllTrec(TrecEvalVersion v) {
        return v == TrecEvalVersion.V10_0 || (this != RBP && this != RBP_RESID && this != UNJ);
    }

    /** Whether the parameters are integer rank cutoffs (as opposed to fractions). */
    boolean integerParams() {
        return hasParams() && this != IPREC_AT_RECALL && this != RPREC_MULT;
    }

    List<Double> defaultParams() {
        return defaultParams;
    }

    static Measure byTrecName(String name) {
        for (Measure m : values()) {
            if (m.trecName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
