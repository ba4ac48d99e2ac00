package dev.perfguard.app.cli.lighthouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.core.lighthouse.ComparisonReport;
import dev.perfguard.core.lighthouse.ComparisonVerdict;
import dev.perfguard.core.lighthouse.GroupResult;
import dev.perfguard.core.lighthouse.LighthouseMetric;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.MachineSpeed;
import dev.perfguard.core.lighthouse.MetricResult;
import dev.perfguard.core.lighthouse.MetricText;
import dev.perfguard.core.lighthouse.Status;
import dev.perfguard.core.lighthouse.assertions.AssertionReport;
import dev.perfguard.core.lighthouse.assertions.AssertionResult;
import dev.perfguard.core.lighthouse.assertions.Level;
import dev.perfguard.runbook.builds.Build;
import dev.perfguard.runbook.builds.BuildCheck;
import dev.perfguard.runbook.builds.CheckPolicy;
import dev.perfguard.runbook.builds.HistoryFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a comparison as a terminal table, a pull-request comment (Markdown), JSON with the
 * schema documented in docs/lighthouse.md, or JUnit XML (one test case per group and metric).
 */
public final class LighthouseReport {
    /** Built only for the JSON format: setting up Jackson's databind costs a text report a tenth of its run. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private LighthouseReport() {}

    public static String render(ComparisonReport r, LighthouseFormat f, ReportHeader h) {
        return render(r, AssertionReport.NONE, f, h);
    }

    /** The comparison with the Lighthouse CI assertions judged on the current runs beside it. */
    public static String render(ComparisonReport r, AssertionReport a, LighthouseFormat f, ReportHeader h) {
        return switch (f) {
            case text -> text(r, a, h);
            case markdown -> markdown(r, a, h);
            case json -> json(r, a, h);
            case junit -> junit(r, a, h);
        };
    }

    /** The verdict of the comparison and the assertions together: a failing {@code error} assertion is a regression. */
    public static ComparisonVerdict verdict(ComparisonReport r, AssertionReport a) {
        return a.failures() > 0 ? ComparisonVerdict.REGRESSION : r.verdict();
    }

    /** The header of a stored-build check: what was stored, too few usable runs, the history's alerts, a missing baseline. */
    public static ReportHeader header(BuildCheck.Outcome o, CheckPolicy policy) {
        Build build = o.build();
        List<String> lines = new ArrayList<>();
        lines.add("stored build " + build.id() + " (branch " + build.branch() + build.commit().map(c -> ", commit " + c).orElse("")
                + "): " + o.storedRuns() + " run(s), " + o.givenRuns() + " given now");
        if (o.usableRuns() < policy.runsPerBuild()) {
            lines.add("only " + o.usableRuns() + " usable run(s), " + policy.runsPerBuild()
                    + " expected per build (lighthouse.runs_per_build)");
        }
        o.historyAlerts().forEach(f -> lines.add(f.describe()));
        if (o.baseline().isEmpty()) {
            lines.add("no baseline: no earlier build of branch " + policy.baselineBranch() + " with a usable run is stored"
                    + (o.usableRuns() > 0 && build.branch().equals(policy.baselineBranch()) ? "; this build becomes the first baseline" : ""));
        }
        return new ReportHeader(Optional.of(build.id()), o.baseline().map(Build::id), lines, o.historyAlerts());
    }


    // ---- text

    static String text(ComparisonReport r, AssertionReport a, ReportHeader h) {
        StringBuilder sb = new StringBuilder();
        sb.append("perfguard lighthouse: ").append(verdict(r, a).label().toUpperCase(Locale.ROOT)).append('\n');
        h.build().ifPresent(b -> sb.append("build ").append(b).append(h.baselineBuild().map(x -> " against baseline build " + x).orElse("")).append('\n'));
        h.lines().forEach(l -> sb.append(l).append('\n'));
        for (GroupResult g : r.groups()) {
            sb.append('\n').append(g.url()).append(" [").append(g.formFactor()).append("]  ")
                    .append(g.baselineRuns()).append(" baseline / ").append(g.currentRuns()).append(" current runs\n");
            sb.append("  ").append(g.pairing()).append('\n');
            g.representativeRun().ifPresent(x -> sb.append("  representative run: ").append(x).append('\n'));
            g.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
            if (g.metrics().isEmpty()) {
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"metric", "baseline", "current", "delta", "status"});
            for (MetricResult m : g.metrics()) {
                rows.add(new String[] {name(m.metric()), value(m.metric(), m.baselineMedian()), value(m.metric(), m.currentMedian()),
                        delta(m), m.status().label()});
            }
            int[] w = new int[5];
            for (String[] row : rows) {
                for (int i = 0; i < 5; i++) {
                    w[i] = Math.max(w[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                sb.append("  ");
                for (int i = 0; i < 5; i++) {
                    String cell = row[i];
                    boolean right = i >= 1 && i <= 3;
                    String pad = " ".repeat(w[i] - cell.length());
                    sb.append(right ? pad + cell : cell + pad);
                    if (i < 4) {
                        sb.append("  ");
                    }
                }
                sb.append('\n');
            }
            for (MetricResult m : g.metrics()) {
                if (m.status() != Status.PASS) {
                    sb.append("  ").append(name(m.metric())).append(": ").append(m.reason()).append('\n');
                }
            }
        }
        failed(r, sb, "");
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        if (a.asserted()) {
            sb.append("\nLighthouse CI assertions on the current runs: ").append(counts(a)).append('\n');
            for (AssertionResult x : a.shown()) {
                sb.append("  ").append(outcome(x)).append("  ").append(x.url()).append("  ").append(x.key()).append(' ').append(x.name())
                        .append(": expected ").append(x.operator()).append(number(x.expected())).append(", found ").append(number(x.actual()))
                        .append(" (values ").append(values(x)).append(')').append('\n');
                x.message().ifPresent(m -> sb.append("      ").append(m).append('\n'));
            }
        }
        return sb.toString();
    }

    private static void failed(ComparisonReport r, StringBuilder sb, String bullet) {
        if (r.failedRuns().isEmpty()) {
            return;
        }
        sb.append(bullet.isEmpty() ? "\nfailed runs (left out):\n" : "\n**Failed runs (left out of the statistics)**\n\n");
        for (LighthouseRun f : r.failedRuns()) {
            sb.append(bullet.isEmpty() ? "  " : "- ").append(f.source()).append(": ").append(f.failure().orElse("")).append('\n');
        }
    }

    // ---- markdown

    static String markdown(ComparisonReport r, AssertionReport a, ReportHeader h) {
        StringBuilder sb = new StringBuilder();
        ComparisonVerdict verdict = verdict(r, a);
        String icon = switch (verdict) {
            case REGRESSION -> "🔴";
            case PASS -> "🟢";
            case INCONCLUSIVE -> "🟡";
        };
        sb.append("### ").append(icon).append(" perfguard Lighthouse check: **").append(verdict.label()).append("**\n\n");
        h.build().ifPresent(b -> sb.append("Build `").append(b).append('`')
                .append(h.baselineBuild().map(x -> " against baseline build `" + x + "`").orElse("")).append(".\n\n"));
        h.lines().forEach(l -> sb.append("> ").append(l).append("\n"));
        if (!h.lines().isEmpty()) {
            sb.append('\n');
        }
        for (GroupResult g : r.groups()) {
            sb.append("#### `").append(md(g.url())).append("` · ").append(g.formFactor()).append("\n\n");
            sb.append(g.baselineRuns()).append(" baseline and ").append(g.currentRuns()).append(" current runs; ").append(md(g.pairing()));
            g.representativeRun().ifPresent(x -> sb.append("; representative run `").append(md(x)).append('`'));
            sb.append(".\n\n");
            for (String n : g.notes()) {
                sb.append("> ⚠️ ").append(md(n)).append("\n");
            }
            if (!g.notes().isEmpty()) {
                sb.append('\n');
            }
            if (g.metrics().isEmpty()) {
                continue;
            }
            sb.append("| Metric | Baseline | Current | Δ | Status |\n");
            sb.append("|---|---:|---:|---:|---|\n");
            for (MetricResult m : g.metrics()) {
                sb.append("| ").append(name(m.metric())).append(" | ").append(value(m.metric(), m.baselineMedian()))
                        .append(" | ").append(value(m.metric(), m.currentMedian())).append(" | ").append(arrow(m)).append(' ')
                        .append(delta(m)).append(" | ").append(statusIcon(m.status())).append(' ').append(m.status().label()).append(" |\n");
            }
            List<MetricResult> explained = g.metrics().stream().filter(m -> m.status() != Status.PASS).toList();
            if (!explained.isEmpty()) {
                sb.append("\n<details><summary>Why</summary>\n\n");
                for (MetricResult m : explained) {
                    sb.append("- **").append(name(m.metric())).append("**: ").append(md(m.reason())).append('\n');
                }
                sb.append("\n</details>\n");
            }
            sb.append('\n');
        }
        failed(r, sb, "- ");
        for (String n : r.notes()) {
            sb.append("> ").append(md(n)).append('\n');
        }
        if (a.asserted()) {
            sb.append("\n#### Lighthouse CI assertions\n\n").append(counts(a)).append(" on the current runs.\n\n");
            if (!a.shown().isEmpty()) {
                sb.append("| | URL | Audit | Assertion | Expected | Found |\n|---|---|---|---|---:|---:|\n");
                for (AssertionResult x : a.shown()) {
                    String icon2 = x.passed() ? "✅" : x.level() == Level.ERROR ? "🔴" : "⚠️";
                    sb.append("| ").append(icon2).append(' ').append(outcome(x)).append(" | `").append(md(x.url())).append("` | `")
                            .append(md(x.key())).append("` | ").append(x.name()).append(" | ").append(md(x.operator())).append(' ')
                            .append(number(x.expected())).append(" | ").append(number(x.actual())).append(" |\n");
                }
            }
        }
        sb.append("\n<sub>Medians of the runs; a regression needs the change beyond tolerance and significant by an exact rank test, or a newly broken budget.</sub>\n");
        return sb.toString();
    }

    private static String arrow(MetricResult m) {
        if (!Double.isFinite(m.delta()) || m.delta() == 0) {
            return "";
        }
        return m.delta() > 0 ? "▲" : "▼";
    }

    private static String statusIcon(Status s) {
        return switch (s) {
            case REGRESSION -> "🔴";
            case IMPROVEMENT -> "🟢";
            case PASS -> "✅";
            case INCONCLUSIVE -> "🟡";
        };
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    // ---- JSON

    static String json(ComparisonReport r, AssertionReport a, ReportHeader h) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("verdict", verdict(r, a).label());
        h.build().ifPresent(b -> root.put("build", b));
        h.baselineBuild().ifPresent(b -> root.put("baselineBuild", b));
        ArrayNode hl = root.putArray("findings");
        h.lines().forEach(hl::add);
        ArrayNode history = root.putArray("history");
        for (HistoryFinding f : h.history()) {
            ObjectNode n = history.addObject();
            n.put("url", f.url());
            n.put("formFactor", f.formFactor());
            n.put("id", f.metric().id());
            n.put("kind", f.changePoint().kind().name().toLowerCase(Locale.ROOT));
            n.put("firstBadBuild", f.firstBadBuild());
            n.put("lastGoodBuild", f.lastGoodBuild());
            n.put("commitRange", f.commitRange());
            n.put("buildsSince", f.buildsSince());
            num(n, "before", f.changePoint().before().median());
            num(n, "after", f.changePoint().after().median());
            num(n, "change", f.changePoint().change());
            num(n, "confidence", f.changePoint().confidence());
        }
        ArrayNode groups = root.putArray("groups");
        for (GroupResult g : r.groups()) {
            ObjectNode gn = groups.addObject();
            gn.put("url", g.url());
            gn.put("baselineUrl", g.baselineUrl().isEmpty() ? null : g.baselineUrl());
            gn.put("formFactor", g.formFactor());
            gn.put("pairing", g.pairing());
            gn.put("representativeRun", g.representativeRun().orElse(null));
            gn.put("baselineRepresentativeRun", g.baselineRepresentativeRun().orElse(null));
            gn.put("baselineRuns", g.baselineRuns());
            gn.put("currentRuns", g.currentRuns());
            gn.put("status", g.worst().label());
            if (g.machineSpeed().isPresent()) {
                MachineSpeed s = g.machineSpeed().get();
                ObjectNode sn = gn.putObject("machineSpeed");
                num(sn, "baselineBenchmarkIndex", s.baselineIndex());
                num(sn, "currentBenchmarkIndex", s.currentIndex());
                num(sn, "slowdown", s.slowdown());
                num(sn, "pValue", s.pValue());
                sn.put("differs", s.differs());
            } else {
                gn.putNull("machineSpeed");
            }
            ArrayNode notes = gn.putArray("notes");
            g.notes().forEach(notes::add);
            ArrayNode ms = gn.putArray("metrics");
            for (MetricResult m : g.metrics()) {
                ObjectNode mn = ms.addObject();
                mn.put("id", m.metric().id());
                mn.put("name", m.metric().shortName());
                mn.put("unit", m.metric().unit());
                num(mn, "baseline", m.baselineMedian());
                num(mn, "current", m.currentMedian());
                num(mn, "representative", m.representativeValue());
                num(mn, "delta", m.delta());
                num(mn, "relativeDelta", m.relativeDelta());
                num(mn, "pValue", m.pValue());
                if (m.budget().isPresent()) {
                    mn.put("budget", m.budget().getAsDouble());
                } else {
                    mn.putNull("budget");
                }
                mn.put("budgetBroken", m.budgetBroken());
                mn.put("baselineRuns", m.baselineRuns());
                mn.put("currentRuns", m.currentRuns());
                mn.put("status", m.status().label());
                mn.put("reason", m.reason());
            }
        }
        ArrayNode failed = root.putArray("failedRuns");
        for (LighthouseRun f : r.failedRuns()) {
            ObjectNode fn = failed.addObject();
            fn.put("file", f.source());
            fn.put("url", f.url());
            fn.put("reason", f.failure().orElse(""));
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        // named as in Lighthouse CI's .lighthouseci/assertion-results.json, so a script reads either
        ArrayNode assertions = root.putArray("assertions");
        for (AssertionResult x : a.shown()) {
            ObjectNode n = assertions.addObject();
            n.put("url", x.url());
            n.put("auditId", x.auditId());
            x.auditProperty().ifPresent(p -> n.put("auditProperty", p));
            x.auditTitle().ifPresent(t -> n.put("auditTitle", t));
            n.put("name", x.name());
            n.put("operator", x.operator());
            num(n, "expected", x.expected());
            num(n, "actual", x.actual());
            ArrayNode vs = n.putArray("values");
            x.values().forEach(v -> {
                if (Double.isFinite(v)) {
                    vs.add(v);
                } else {
                    vs.addNull();
                }
            });
            n.put("level", x.level().label());
            n.put("passed", x.passed());
            x.message().ifPresent(m -> n.put("message", m));
        }
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void num(ObjectNode n, String k, double v) {
        if (Double.isFinite(v)) {
            n.put(k, v);
        } else {
            n.putNull(k);
        }
    }

    // ---- JUnit XML

    static String junit(ComparisonReport r, AssertionReport a, ReportHeader h) {
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        StringBuilder cases = new StringBuilder();
        for (GroupResult g : r.groups()) {
            String cls = g.formFactor() + " " + g.url();
            if (g.metrics().isEmpty()) {
                tests++;
                skipped++;
                cases.append("    <testcase classname=\"").append(xml(cls)).append("\" name=\"group\">\n      <skipped message=\"")
                        .append(xml(String.join("; ", g.notes()))).append("\"/>\n    </testcase>\n");
            }
            for (MetricResult m : g.metrics()) {
                tests++;
                cases.append("    <testcase classname=\"").append(xml(cls)).append("\" name=\"").append(xml(m.metric().id())).append("\"");
                switch (m.status()) {
                    case REGRESSION -> {
                        failures++;
                        cases.append(">\n      <failure type=\"regression\" message=\"").append(xml(m.reason())).append("\">")
                                .append(xml(name(m.metric()) + ": " + value(m.metric(), m.baselineMedian()) + " -> "
                                        + value(m.metric(), m.currentMedian()) + " (" + delta(m) + ")"))
                                .append("</failure>\n    </testcase>\n");
                    }
                    case INCONCLUSIVE -> {
                        skipped++;
                        cases.append(">\n      <skipped message=\"").append(xml(m.reason())).append("\"/>\n    </testcase>\n");
                    }
                    default -> cases.append(">\n      <system-out>").append(xml(m.reason())).append("</system-out>\n    </testcase>\n");
                }
            }
        }
        for (AssertionResult x : a.results()) {
            tests++;
            cases.append("    <testcase classname=\"").append(xml("lhci " + x.url())).append("\" name=\"").append(xml(x.key() + " " + x.name()))
                    .append("\">\n");
            String what = x.name() + ": expected " + x.operator() + number(x.expected()) + ", found " + number(x.actual())
                    + x.message().map(m -> "; " + m).orElse("");
            if (x.fails()) {
                failures++;
                cases.append("      <failure type=\"assertion\" message=\"").append(xml(what)).append("\">").append(xml("values " + values(x)))
                        .append("</failure>\n");
            } else {
                cases.append("      <system-out>").append(xml((x.warns() ? "warning: " : "") + what)).append("</system-out>\n");
            }
            cases.append("    </testcase>\n");
        }
        String name = "perfguard.lighthouse" + h.build().map(b -> "." + b).orElse("");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"perfguard\" tests=\"" + tests + "\" failures=\"" + failures + "\" skipped=\"" + skipped + "\">\n"
                + "  <testsuite name=\"" + xml(name) + "\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\">\n"
                + cases
                + "  </testsuite>\n</testsuites>\n";
    }

    private static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    // ---- shared formatting

    private static String counts(AssertionReport a) {
        return a.failures() + " failed, " + a.warnings() + " warned, " + a.passes() + " passed";
    }

    private static String outcome(AssertionResult x) {
        return x.passed() ? "passed" : x.level() == Level.ERROR ? "FAILED" : "warning";
    }

    /** A number as LHCI prints it: integers without a fraction, NaN for no value. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String values(AssertionResult x) {
        return String.join(", ", x.values().stream().map(LighthouseReport::number).toList());
    }

    static String name(LighthouseMetric m) {
        return MetricText.name(m);
    }

    static String value(LighthouseMetric m, double v) {
        return MetricText.value(m, v);
    }

    static String delta(MetricResult m) {
        return MetricText.delta(m);
    }
}
