package dev.perfguard.core.rageval;

import java.util.List;

/**
 * trec_eval's text output: {@code printf("%-22s\t%s\t%6.4f\n")} per line, counts as integers and
 * the run id as a string; with per-query output, one block per query in id order, then "all".
 * Queries scored zero because they were missing from the run print per-query lines only when
 * reproducing trec_eval 10.0.
 */
public final class TrecFormatter {
    private TrecFormatter() {}

    public static String format(Evaluation e, boolean perQuery) {
        List<Column> cols = e.measures().columns();
        StringBuilder sb = new StringBuilder(perQuery ? 64 * cols.size() * (e.numQ() + 1) : 64 * cols.size());
        if (perQuery) {
            boolean printMissing = e.options().version() == TrecEvalVersion.V10_0;
            for (QueryScores q : e.queries()) {
                if (q.missing() && !printMissing) {
                    continue;
                }
                for (int c = 0; c < cols.size(); c++) {
                    Column col = cols.get(c);
                    if (col.measure().kind() == Measure.Kind.TEXT) {
                        text(sb, col, q.qid(), q.relString());
                    } else if (col.measure().perQuery()) {
                        line(sb, col, q.qid(), q.value(c), e.runId());
                    }
                }
            }
        }
        for (int c = 0; c < cols.size(); c++) {
            if (cols.get(c).measure().kind() != Measure.Kind.TEXT) {
                line(sb, cols.get(c), "all", e.summary(c), e.runId());
            }
        }
        return sb.toString();
    }

    private static void text(StringBuilder sb, Column col, String qid, String text) {
        String name = col.name();
        sb.append(name);
        for (int i = name.length(); i < 22; i++) {
            sb.append(' ');
        }
        sb.append('\t').append(qid).append("\t'").append(text == null ? "" : text).append("'\n");
    }

    private static void line(StringBuilder sb, Column col, String qid, double v, String runId) {
        String name = col.name();
        sb.append(name);
        for (int i = name.length(); i < 22; i++) {
            sb.append(' ');
        }
        sb.append('\t').append(qid).append('\t');
        switch (col.measure().kind()) {
            case STRING -> sb.append(runId);
            case COUNT -> sb.append((long) v);
            case DOUBLE, TEXT -> sb.append(CFormat.fixed4(v));
        }
        sb.append('\n');
    }
}
