package dev.perfguard.app.cli.rageval;

import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.core.rageval.CFormat;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureComparison;
import java.util.List;
import java.util.Locale;

/** Renderings of a before/after comparison. */
final class CompareReport {
    private static final int MAX_LISTED = 20;

    private CompareReport() {}

    static String text(Evaluation b, Evaluation a, List<MeasureComparison> cmp, double maxDrop, CompareVerdict v,
            int permutations) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "before: %s (%d queries)   after: %s (%d queries)%n", b.runId(), b.numQ(),
                a.runId(), a.numQ()));
        sb.append(String.format(Locale.ROOT, "%-16s %8s %8s %8s %9s %9s %15s %8s%n", "measure", "before", "after", "delta",
                "p(t)", "p(rand)", "win/tie/loss", "failing"));
        for (MeasureComparison c : cmp) {
            sb.append(String.format(Locale.ROOT, "%-16s %8s %8s %8s %9s %9s %15s %8d%n", c.measure(), f4(c.before()),
                    f4(c.after()), signed(c.delta()), p(c.tTestP()), p(c.randomizationP()),
                    c.wins() + "/" + c.ties() + "/" + c.losses(), c.failing().size()));
        }
        sb.append(String.format(Locale.ROOT, "%nfailing: dropped by more than %s, or missing from the after run%n",
                CFormat.fixed(maxDrop, 4, 0)));
        for (MeasureComparison c : cmp) {
            if (!c.failing().isEmpty()) {
                sb.append("  ").append(c.measure()).append(": ").append(list(c.failing())).append('\n');
            }
        }
        if (!cmp.isEmpty() && !cmp.get(0).missingAfter().isEmpty()) {
            sb.append("missing from the after run: ").append(list(cmp.get(0).missingAfter())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "p(t): paired t-test; p(rand): paired randomization test, %d permutations%n",
                permutations));
        v.dropRule().ifPresent(r -> sb.append("drop rule: ").append(r.describe()).append('\n'));
        verdict(sb, v, "");
        sb.append("verdict: ").append(v.gate().name().toLowerCase(Locale.ROOT)).append(" — ").append(v.headline()).append('\n');
        return sb.toString();
    }

    static String markdown(Evaluation b, Evaluation a, List<MeasureComparison> cmp, double maxDrop, CompareVerdict v,
            int permutations) {
        StringBuilder sb = new StringBuilder();
        sb.append("### rag-eval: `").append(b.runId()).append("` → `").append(a.runId()).append("`\n\n");
        sb.append("**").append(v.headline()).append("**");
        v.dropRule().ifPresent(r -> sb.append(" Drop rule: ").append(r.describe()).append('.'));
        sb.append("\n\n");
        sb.append("| measure | before | after | Δ | p (t-test) | p (randomization) | wins / ties / losses | failing |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MeasureComparison c : cmp) {
            sb.append("| ").append(c.measure()).append(" | ").append(f4(c.before())).append(" | ").append(f4(c.after()))
                    .append(" | ").append(signed(c.delta())).append(" | ").append(p(c.tTestP())).append(" | ")
                    .append(p(c.randomizationP())).append(" | ").append(c.wins()).append(" / ").append(c.ties())
                    .append(" / ").append(c.losses()).append(" | ").append(c.failing().size()).append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%n%d queries paired. Failing: dropped by more than %s, or missing from the after run. "
                + "Randomization test: %d seeded sign permutations.%n", cmp.isEmpty() ? 0 : cmp.get(0).queries(),
                CFormat.fixed(maxDrop, 4, 0), permutations));
        boolean any = false;
        for (MeasureComparison c : cmp) {
            if (!c.failing().isEmpty()) {
                if (!any) {
                    sb.append("\n<details><summary>Failing query IDs</summary>\n\n");
                    any = true;
                }
                sb.append("- `").append(c.measure()).append("`: ").append(list(c.failing())).append('\n');
            }
        }
        if (any) {
            sb.append("\n</details>\n");
        }
        if (!cmp.isEmpty() && !cmp.get(0).missingAfter().isEmpty()) {
            sb.append("\nMissing from the after run: ").append(list(cmp.get(0).missingAfter())).append('\n');
        }
        verdict(sb, v, "- ");
        return sb.toString();
    }

    static String json(Evaluation b, Evaluation a, List<MeasureComparison> cmp, double maxDrop, List<MeasureExpectation> rules,
            CompareVerdict v, int permutations, long seed) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"before\": {\"run_id\": ").append(JsonText.quote(b.runId())).append(", \"num_q\": ").append(b.numQ()).append("},\n");
        sb.append("  \"after\": {\"run_id\": ").append(JsonText.quote(a.runId())).append(", \"num_q\": ").append(a.numQ()).append("},\n");
        sb.append("  \"max_drop\": ").append(JsonText.number(maxDrop)).append(",\n");
        sb.append("  \"randomization\": {\"permutations\": ").append(permutations).append(", \"seed\": ").append(seed).append("},\n");
        sb.append("  \"measures\": [");
        for (int i = 0; i < cmp.size(); i++) {
            MeasureComparison c = cmp.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"measure\": ").append(JsonText.quote(c.measure()))
                    .append(", \"queries\": ").append(c.queries())
                    .append(", \"before\": ").append(JsonText.number(c.before()))
                    .append(", \"after\": ").append(JsonText.number(c.after()))
                    .append(", \"delta\": ").append(JsonText.number(c.delta()))
                    .append(", \"p_ttest\": ").append(JsonText.number(c.tTestP()))
                    .append(", \"p_randomization\": ").append(JsonText.number(c.randomizationP()))
                    .append(", \"wins\": ").append(c.wins()).append(", \"ties\": ").append(c.ties())
                    .append(", \"losses\": ").append(c.losses())
                    .append(", \"failing\": ").append(array(c.failing())).append('}');
        }
        sb.append("\n  ],\n  \"missing_after\": ").append(array(cmp.isEmpty() ? List.of() : cmp.get(0).missingAfter()));
        sb.append(",\n  \"expectations\": ").append(array(rules.stream().map(MeasureExpectation::describe).toList()));
        sb.append(",\n  \"drop_rule\": ").append(v.dropRule().map(r -> "{\"alpha\": " + JsonText.number(r.alpha())
                + ", \"min_effect\": " + JsonText.number(r.minEffect()) + "}").orElse("null"));
        sb.append(",\n  \"broken\": ").append(array(v.broken()));
        sb.append(",\n  \"inconclusive\": ").append(array(v.inconclusive()));
        sb.append(",\n  \"verdict\": ").append(JsonText.quote(v.gate().name().toLowerCase(Locale.ROOT)));
        sb.append(",\n  \"ok\": ").append(v.gate() == GateVerdict.PASS).append("\n}\n");
        return sb.toString();
    }

    /** The broken expectations or the drop rule's findings: a heading and a bullet per item in Markdown, one line each in text. */
    private static void verdict(StringBuilder sb, CompareVerdict v, String bullet) {
        boolean markdown = !bullet.isEmpty();
        if (v.expectations() > 0) {
            list(sb, "broken expectations:", v.broken(), markdown ? bullet : "  ");
            return;
        }
        if (markdown) {
            list(sb, "Dropped significantly:", v.broken(), bullet);
            list(sb, "Inconclusive:", v.inconclusive(), bullet);
        } else if (!v.broken().isEmpty() || !v.inconclusive().isEmpty()) {
            sb.append('\n');
            v.broken().forEach(s -> sb.append("regression: ").append(s).append('\n'));
            v.inconclusive().forEach(s -> sb.append("inconclusive: ").append(s).append('\n'));
        }
    }

    private static void list(StringBuilder sb, String heading, List<String> items, String bullet) {
        if (items.isEmpty()) {
            return;
        }
        sb.append('\n').append(heading).append('\n');
        for (String s : items) {
            sb.append(bullet).append(s).append('\n');
        }
    }

    private static String array(List<String> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(JsonText.quote(xs.get(i)));
        }
        return sb.append(']').toString();
    }

    private static String list(List<String> ids) {
        if (ids.size() <= MAX_LISTED) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, MAX_LISTED)) + " … (" + (ids.size() - MAX_LISTED) + " more)";
    }

    private static String f4(double v) {
        return CFormat.fixed(v, 4, 0);
    }

    private static String signed(double v) {
        String s = CFormat.fixed(v, 4, 0);
        return s.startsWith("-") ? s : "+" + s;
    }

    private static String p(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v < 0.0001 ? "<0.0001" : CFormat.fixed(v, 4, 0);
    }
}
