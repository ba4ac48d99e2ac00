package dev.perfguard.core.rageval;

import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a run query by query as a reader streams it, so a run never has to be held in memory
 * whole. Thread-safe: each reading thread takes its own {@link #worker()}.
 *
 * <p>Each query must arrive in one piece: {@link Worker#accept} returns false when a query id
 * comes a second time (a run file whose queries are interleaved), and the reader must then group
 * the lines by query and start again with a fresh evaluator. Queries without qrels are ignored,
 * as trec_eval does.
 */
public final class RunEvaluator {
    private static final double MIN_GEO_MEAN = 0.00001;

    private final Qrels qrels;
    private final MeasureSet measures;
    private final EvalOptions options;
    private final ConcurrentHashMap<String, QueryScores> results = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();

    public RunEvaluator(Qrels qrels, MeasureSet measures, EvalOptions options) {
        this.qrels = Objects.requireNonNull(qrels, "qrels");
        this.measures = Objects.requireNonNull(measures, "measures");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A new evaluator with the same qrels, measures and options and nothing evaluated yet. */
    public RunEvaluator fresh() {
        return new RunEvaluator(qrels, measures, options);
    }

    /** A per-thread evaluator. */
    public Worker worker() {
        return new Worker(new QueryEvaluator(measures, options));
    }

    /** Evaluates whole queries on one thread. */
    public final class Worker {
        private final QueryEvaluator evaluator;

        private Worker(QueryEvaluator evaluator) {
            this.evaluator = evaluator;
        }

        /**
         * Evaluates one query's documents; false when this query id was already given (the run
         * is not grouped by query), in which case nothing was recorded for it.
         */
        public boolean accept(RankedQuery q) {
            if (seen.putIfAbsent(q.qid(), Boolean.TRUE) != null) {
                return false;
            }
            Judgments j = qrels.get(q.qid());
            if (j == null) {
                return true;
            }
            double[] v = evaluator.evaluate(q, j);
            results.put(q.qid(), new QueryScores(q.qid(), v, false, evaluator.relString()));
            return true;
        }
    }

    /** The distinct query ids read from the run so far, judged or not. */
    public int queriesRead() {
        return seen.size();
    }

    /** The queries read so far that have judgments in the qrels (those evaluated). */
    public int queriesJudged() {
        return results.size();
    }

    /** Combines the queries into the evaluation; {@code runId} is the last run line's run id. */
    public Evaluation finish(String runId) {
        QueryEvaluator forMissing = new QueryEvaluator(measures, options);
        List<QueryScores> queries = new ArrayList<>();
        for (String qid : qrels.queryIds()) {
            QueryScores done = results.get(qid);
            if (done != null) {
                queries.add(done);
                continue;
            }
            switch (options.missing()) {
                case ZERO -> queries.add(new QueryScores(qid, forMissing.missing(qrels.get(qid)), true,
                        forMissing.relString() == null ? null : ""));
                case SKIP -> { }
                case FAIL -> throw PerfguardException.badInput(
                        "query '" + qid + "' of " + qrels.source() + " has no line in the run");
            }
        }
        return new Evaluation(measures, options, runId, queries, summarise(queries));
    }

    private static boolean geometric(Measure m) {
        return m == Measure.GM_MAP || m == Measure.GM_BPREF;
    }

    private double[] summarise(List<QueryScores> queries) {
        List<Column> cols = measures.columns();
        double[] s = new double[cols.size()];
        int n = queries.size();
        for (int c = 0; c < s.length; c++) {
            Measure m = cols.get(c).measure();
            if (m == Measure.NUM_Q) {
                s[c] = n;
                continue;
            }
            if (m == Measure.RUNID || m.kind() == Measure.Kind.TEXT) {
                continue;
            }
            double sum = 0;
            for (QueryScores q : queries) {
                double v = q.value(c);
                sum += geometric(m) ? Math.log(Math.max(v, MIN_GEO_MEAN)) : v;
            }
            if (m.kind() == Measure.Kind.COUNT) {
                s[c] = sum;
            } else if (geometric(m)) {
                s[c] = n == 0 ? 0 : Math.exp(sum / n);
            } else {
                s[c] = n == 0 ? 0 : sum / n;
            }
        }
        return s;
    }
}
