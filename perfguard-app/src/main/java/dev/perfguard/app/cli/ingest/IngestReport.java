package dev.perfguard.app.cli.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.app.cli.GateVerdict;
import dev.perfguard.core.ci.CiComparison;
import dev.perfguard.core.ci.CiResult;
import dev.perfguard.core.ci.CiStatus;
import dev.perfguard.runbook.ci.CiBuild;
import dev.perfguard.runbook.ci.CiCheck;
import dev.perfguard.runbook.ci.CiFinding;
import dev.perfguard.signals.ingest.MetricFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report of {@code perfguard ingest} as text, Markdown (a PR comment) or JSON. */
final class IngestReport {
    enum Format { text, markdown, json }

    private IngestReport() {}

    /** Regressions first, then inconclusive, new, improved and passing metrics. */
    private static final Comparator<CiResult> ORDER = Comparator.comparingInt((CiResult r) -> switch (r.status()) {
        case REGRESSION -> 0;
        case INCONCLUSIVE -> 1;
        case NEW -> 2;
        case IMPROVEMENT -> 3;
        case PASS -> 4;
    }).thenComparing(r -> r.metric().series());

    static String render(CiCheck.Outcome o, List<MetricFile> files, String baselineBranch, GateVerdict verdict, Format format) {
        return render(o, files, baselineBranch, verdict, format, "perfguard ingest");
    }

    /** As {@code command} reports it; with no files, a stored build judged again. */
    static String render(CiCheck.Outcome o, List<MetricFile> files, String baselineBranch, GateVerdict verdict, Format format,
            String command) {
        return switch (format) {
            case text -> text(o, files, baselineBranch, verdict, command);
            case markdown -> markdown(o, files, baselineBranch, verdict, command);
            case json -> json(o, files, verdict);
        };
    }

    private static String build(CiBuild b) {
        return b.id() + " (branch " + b.branch() + b.commit().map(c -> ", commit " + c).orElse("") + ")";
    }

    private static String header(CiCheck.Outcome o, List<MetricFile> files, String baselineBranch) {
        long kinds = files.stream().map(MetricFile::kind).distinct().count();
        String read = files.isEmpty() ? " stored" : " from " + files.size() + " file(s) of " + kinds + " kind(s)";
        return "build " + build(o.build()) + ": " + o.results().size() + " metric(s)" + read + "; baseline " + o.baseline().map(IngestReport::build).orElse("none (no earlier build of " + baselineBranch + ")");
    }

    static String text(CiCheck.Outcome o, List<MetricFile> files, String baselineBranch, GateVerdict verdict, String command) {
        StringBuilder sb = new StringBuilder(command).append(": ").append(header(o, files, baselineBranch)).append('\n');
        for (MetricFile f : files) {
            sb.append("  read ").append(f.source()).append(" (").append(f.kind().label()).append(", ").append(f.metrics().size())
                    .append(" metric(s))\n");
        }
        int width = o.results().stream().mapToInt(r -> r.metric().series().length()).max().orElse(10);
        for (CiResult r : o.results().stream().sorted(ORDER).toList()) {
            sb.append(String.format(Locale.ROOT, "%-12s %-" + width + "s  %s%n", r.status().label(), r.metric().series(), r.reason()));
        }
        if (!o.findings().isEmpty()) {
            sb.append("history of branch ").append(o.build().branch()).append(":\n");
            o.findings().forEach(f -> sb.append("  ").append(f.describe()).append('\n'));
        }
        sb.append("verdict: ").append(verdict.name().toLowerCase(Locale.ROOT)).append(" (").append(counts(o)).append(")\n");
        return sb.toString();
    }

    static String markdown(CiCheck.Outcome o, List<MetricFile> files, String baselineBranch, GateVerdict verdict, String command) {
        StringBuilder sb = new StringBuilder("### ").append(command).append(": ").append(verdict.name().toLowerCase(Locale.ROOT)).append("\n\n")
                .append(header(o, files, baselineBranch).replace("|", "\\|")).append("\n\n")
                .append("| status | metric | baseline | this build | change |\n|---|---|---:|---:|---|\n");
        for (CiResult r : o.results().stream().sorted(ORDER).toList()) {
            sb.append("| ").append(r.status() == CiStatus.REGRESSION ? "**regression**" : r.status().label()).append(" | `")
                    .append(r.metric().series().replace("|", "\\|")).append("` | ").append(num(r.baseline())).append(" | ")
                    .append(num(r.current())).append(' ').append(r.metric().unit()).append(" | ")
                    .append(r.reason().replace("|", "\\|")).append(" |\n");
        }
        if (!o.findings().isEmpty()) {
            sb.append("\n**History of branch ").append(o.build().branch()).append("**\n\n");
            o.findings().forEach(f -> sb.append("- ").append(f.describe().replace("|", "\\|")).append('\n'));
        }
        return sb.append('\n').append(counts(o)).append('\n').toString();
    }

    static String json(CiCheck.Outcome o, List<MetricFile> files, GateVerdict verdict) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("verdict", verdict.name().toLowerCase(Locale.ROOT));
        build(root.putObject("build"), o.build());
        o.baseline().ifPresentOrElse(b -> build(root.putObject("baseline"), b), () -> root.putNull("baseline"));
        ArrayNode fs = root.putArray("files");
        for (MetricFile f : files) {
            fs.addObject().put("path", f.source()).put("kind", f.kind().label()).put("metrics", f.metrics().size());
        }
        ArrayNode ms = root.putArray("metrics");
        for (CiResult r : o.results()) {
            ObjectNode m = ms.addObject();
            m.put("series", r.metric().series()).put("name", r.metric().name());
            ObjectNode labels = m.putObject("labels");
            r.metric().labels().forEach(labels::put);
            m.put("unit", r.metric().unit()).put("direction", r.metric().direction().worseSign() > 0 ? "lower" : "higher");
            m.put("status", r.status().label());
            number(m, "baseline", r.baseline());
            number(m, "current", r.current());
            number(m, "relativeChange", r.relativeChange());
            m.put("samples", r.metric().samples().size()).put("baselineSamples", r.baselineSamples());
            if (r.pValue().isPresent()) {
                m.put("pValue", r.pValue().getAsDouble());
            } else {
                m.putNull("pValue");
            }
            m.put("reason", r.reason());
        }
        ArrayNode hs = root.putArray("history");
        for (CiFinding f : o.findings()) {
            ObjectNode h = hs.addObject();
            h.put("series", f.metric().series()).put("firstBadBuild", f.firstBadBuild()).put("lastGoodBuild", f.lastGoodBuild());
            f.firstBadCommit().ifPresent(c -> h.put("firstBadCommit", c));
            f.lastGoodCommit().ifPresent(c -> h.put("lastGoodCommit", c));
            h.put("buildsSince", f.buildsSince()).put("before", f.changePoint().before().median())
                    .put("after", f.changePoint().after().median()).put("pValue", f.changePoint().pValue());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(ObjectNode n, CiBuild b) {
        n.put("id", b.id()).put("branch", b.branch());
        b.commit().ifPresentOrElse(c -> n.put("commit", c), () -> n.putNull("commit"));
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static String counts(CiCheck.Outcome o) {
        StringBuilder sb = new StringBuilder();
        for (CiStatus s : CiStatus.values()) {
            long n = o.count(s);
            if (n > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(n).append(' ').append(s.label());
            }
        }
        if (!o.findings().isEmpty()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(o.findings().size()).append(" regression(s) in force in the history");
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "–" : CiComparison.number(v);
    }
}
