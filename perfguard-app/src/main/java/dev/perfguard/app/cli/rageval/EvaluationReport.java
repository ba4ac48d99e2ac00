package dev.perfguard.app.cli.rageval;

import dev.perfguard.core.rageval.CFormat;
import dev.perfguard.core.rageval.Column;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.Measure;
import dev.perfguard.core.rageval.QueryScores;
import java.util.List;

/** JSON and Markdown renderings of an evaluation (values with four decimals, C rounding). */
final class EvaluationReport {
    private EvaluationReport() {}

    static String json(Evaluation e, boolean perQuery) {
        List<Column> cols = e.measures().columns();
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"run_id\": ").append(JsonText.quote(e.runId()))
                .append(",\n  \"trec_eval_version\": ").append(JsonText.quote(e.options().version().label()))
                .append(",\n  \"summary\": {");
        appendValues(sb, cols, e.summary(), e.runId(), null, false);
        sb.append("}");
        if (perQuery) {
            sb.append(",\n  \"queries\": [");
            boolean first = true;
            for (QueryScores q : e.queries()) {
                sb.append(first ? "\n" : ",\n").append("    {\"query_id\": ").append(JsonText.quote(q.qid()))
                        .append(", \"missing\": ").append(q.missing()).append(", \"values\": {");
                appendValues(sb, cols, q.values(), e.runId(), q.relString(), true);
                sb.append("}}");
                first = false;
            }
            sb.append("\n  ]");
        }
        return sb.append("\n}\n").toString();
    }

    private static void appendValues(StringBuilder sb, List<Column> cols, double[] v, String runId, String text,
            boolean perQuery) {
        boolean first = true;
        for (int c = 0; c < cols.size(); c++) {
            Column col = cols.get(c);
            boolean isText = col.measure().kind() == Measure.Kind.TEXT;
            if (perQuery ? !col.measure().perQuery() : isText) {
                continue;
            }
            sb.append(first ? "" : ", ").append(JsonText.quote(col.name())).append(": ");
            switch (col.measure().kind()) {
                case STRING -> sb.append(JsonText.quote(runId));
                case COUNT -> sb.append((long) v[c]);
                case DOUBLE -> sb.append(JsonText.number(v[c]));
                case TEXT -> sb.append(JsonText.quote(text == null ? "" : text));
            }
            first = false;
        }
    }

    static String markdown(Evaluation e, boolean perQuery) {
        List<Column> cols = e.measures().columns();
        StringBuilder sb = new StringBuilder();
        sb.append("| measure | all |\n|---|---:|\n");
        for (int c = 0; c < cols.size(); c++) {
            if (cols.get(c).measure().kind() != Measure.Kind.TEXT) {
                sb.append("| ").append(cols.get(c).name()).append(" | ").append(cell(cols.get(c), e.summary(c), e.runId(), null))
                        .append(" |\n");
            }
        }
        if (perQuery) {
            sb.append("\n| query |");
            StringBuilder rule = new StringBuilder("|---|");
            for (Column col : cols) {
                if (col.measure().perQuery()) {
                    sb.append(' ').append(col.name()).append(" |");
                    rule.append("---:|");
                }
            }
            sb.append('\n').append(rule).append('\n');
            for (QueryScores q : e.queries()) {
                sb.append("| ").append(q.qid()).append(q.missing() ? " (missing)" : "").append(" |");
                for (int c = 0; c < cols.size(); c++) {
                    if (cols.get(c).measure().perQuery()) {
                        sb.append(' ').append(cell(cols.get(c), q.value(c), e.runId(), q.relString())).append(" |");
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(Column col, double v, String runId, String text) {
        return switch (col.measure().kind()) {
            case TEXT -> "`" + (text == null ? "" : text) + "`";
            case STRING -> runId;
            case COUNT -> Long.toString((long) v);
            case DOUBLE -> CFormat.fixed(v, 4, 0);
        };
    }

}
