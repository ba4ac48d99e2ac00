package dev.perfguard.app.cli.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.perfguard.core.telemetry.Queries;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Renders one window's results as text, Markdown or JSON. Numbers never depend on the default locale. */
final class TelemetryReport {
    private TelemetryReport() {}

    static String render(Window window, URI prometheus, List<WindowResult> results, TelemetryFormat format) {
        return switch (format) {
            case text -> text(window, prometheus, results);
            case markdown -> markdown(window, prometheus, results);
            case json -> json(window, results);
        };
    }

    static String json(Window window, List<WindowResult> results) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeObjectFieldStart("window");
            g.writeStringField("start", window.start().toString());
            g.writeStringField("end", window.end().toString());
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (WindowResult r : results) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeStringField("metric", r.metric());
                number(g, "value", r.value());
                number(g, "baseline", r.baseline());
                g.writeStringField("verdict", r.verdict().wireName());
                g.writeStringField("query", r.query());
                if (r.panel().isPresent()) {
                    g.writeStringField("panel", r.panel().get().url().toString());
                } else {
                    g.writeNullField("panel");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private static void number(JsonGenerator g, String field, OptionalDouble v) throws IOException {
        if (v.isPresent()) {
            g.writeNumberField(field, v.getAsDouble());
        } else {
            g.writeNullField(field);
        }
    }

    static String text(Window window, URI prometheus, List<WindowResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("telemetry window ").append(window).append(" (queries evaluated up to ").append(Queries.evaluationTime(window))
                .append(" on ").append(prometheus).append(")\n\n");
        int nameWidth = Math.max(11, results.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        out.append(String.format(Locale.ROOT, "%-8s  %-" + nameWidth + "s  %12s  %12s  %12s  %s%n", "verdict", "expectation", "value",
                "baseline", "limit", "detail"));
        for (WindowResult r : results) {
            out.append(String.format(Locale.ROOT, "%-8s  %-" + nameWidth + "s  %12s  %12s  %12s  %s%n", r.verdict().wireName(), r.name(),
                    num(r.value()), num(r.baseline()), num(r.limit()), r.detail()));
        }
        out.append('\n').append(summary(results)).append('\n');
        for (WindowResult r : results) {
            if (r.verdict() != WindowVerdict.OK) {
                out.append('\n').append(r.verdict().wireName()).append(": ").append(r.name()).append(" (").append(r.metric()).append(")\n")
                        .append("  query: ").append(r.query()).append('\n');
                r.panel().ifPresent(p -> out.append("  panel: ").append(p.url()).append('\n'));
            }
        }
        return out.toString();
    }

    static String markdown(Window window, URI prometheus, List<WindowResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("### Telemetry: ").append(summary(results)).append("\n\n")
                .append("Window ").append(window.start()).append(" to ").append(window.end()).append(" (UTC), Prometheus `")
                .append(cell(prometheus.toString())).append("`.\n\n")
                .append("| verdict | expectation | metric | value | baseline | limit | detail | query | panel |\n")
                .append("|---|---|---|---:|---:|---:|---|---|---|\n");
        for (WindowResult r : results) {
            out.append("| ").append(icon(r.verdict())).append(' ').append(r.verdict().wireName())
                    .append(" | ").append(cell(r.name()))
                    .append(" | `").append(cell(r.metric())).append('`')
                    .append(" | ").append(num(r.value()))
                    .append(" | ").append(num(r.baseline()))
                    .append(" | ").append(num(r.limit()))
                    .append(" | ").append(cell(r.detail()))
                    .append(" | `").append(cell(r.query().replace("`", "'"))).append('`')
                    .append(" | ").append(r.panel().map(p -> "[panel](" + p.url() + ")").orElse("")).append(" |\n");
        }
        return out.toString();
    }

    private static String icon(WindowVerdict v) {
        return switch (v) {
            case OK -> "✅";
            case BREACH -> "❌";
            case NO_DATA -> "⚪";
            case ERROR -> "⚠️";
        };
    }

    static String summary(List<WindowResult> results) {
        Map<WindowVerdict, Integer> counts = new EnumMap<>(WindowVerdict.class);
        results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        for (WindowVerdict v : WindowVerdict.values()) {
            if (counts.containsKey(v)) {
                s.append(s.isEmpty() ? "" : ", ").append(counts.get(v)).append(' ').append(v.wireName());
            }
        }
        return s + " of " + results.size() + " expectations";
    }

    static String num(OptionalDouble v) {
        if (v.isEmpty()) {
            return "-";
        }
        String s = String.format(Locale.ROOT, "%.6g", v.getAsDouble());
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceFirst("0+$", "").replaceFirst("\\.$", "") : s;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
