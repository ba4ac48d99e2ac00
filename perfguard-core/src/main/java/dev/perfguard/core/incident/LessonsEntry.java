package dev.perfguard.core.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The "lessons" entry an incident adds to {@code docs/operations/performance.md} (runbook step 5.2),
 * and the pure edit that puts it into the document.
 *
 * <p>Each entry is wrapped in {@code <!-- perfguard:lessons ID begin -->} and {@code <!-- perfguard:lessons
 * ID end -->} markers. {@link #insert} replaces an existing entry of the same incident in place (so
 * re-running after an edit updates it instead of duplicating it), or else appends the entry under the
 * {@value #HEADING} heading, adding the heading at the end of the document when it is missing.
 */
public final class LessonsEntry {

    public static final String HEADING = "## Lessons from incidents";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String MARKER = "<!-- perfguard:lessons ";
    private static final Pattern HEADING_LINE =
            Pattern.compile("(?m)^" + Pattern.quote(HEADING) + "[ \\t]*\\r?$");

    private LessonsEntry() {}

    /** The entry for {@code incident}; needs the post-incident summary ({@code CONFLICT} without it). */
    public static String render(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        PostIncidentSummary s = incident.summary().orElseThrow(() -> new PerfguardException(ErrorCode.CONFLICT,
                "incident " + incident.id() + " has no post-incident summary yet; write it before adding lessons"));
        StringBuilder out = new StringBuilder();
        out.append(begin(incident.id())).append('\n');
        out.append("### ").append(DATE.format(incident.openedAt())).append(" — ").append(Markdown.text(incident.id()))
                .append(": ").append(Markdown.text(incident.metricFamily())).append(" regression on ")
                .append(Markdown.text(incident.service())).append("\n\n");
        out.append("- **Metrics:** ").append(incident.triggeringMetrics().stream().map(Markdown::code)
                .collect(Collectors.joining(", "))).append('\n');
        out.append("- **Root cause:** ").append(Markdown.text(s.rootCause().strip())).append('\n');
        out.append("- **Remediation:** ").append(Markdown.text(s.remediation().strip())).append('\n');
        incident.decision().ifPresent(d -> out.append("- **Decision:** ").append(d.branch().wireName())
                .append(d.containment().map(c -> " (" + c.wireName() + ")").orElse("")).append('\n'));
        List<String> panels = PostIncidentReport.panelsOf(incident);
        if (!panels.isEmpty()) {
            out.append("- **Dashboards:** ").append(String.join(", ", panels)).append('\n');
        }
        if (!incident.followUps().isEmpty()) {
            out.append("- **Follow-ups:** ").append(incident.followUps().stream()
                    .map(f -> f.kind().wireName() + ": " + Markdown.text(f.title()))
                    .collect(Collectors.joining("; "))).append('\n');
        }
        out.append(end(incident.id())).append('\n');
        return out.toString();
    }

    /** {@code document} with {@code entry} (from {@link #render}) of incident {@code id} put in place. */
    public static String insert(String document, String id, String entry) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(entry, "entry");
        String begin = begin(id);
        String end = end(id);
        if (!entry.startsWith(begin) || !entry.stripTrailing().endsWith(end)
                || count(entry, MARKER) != 2) {
            throw new IllegalArgumentException("entry is not a lessons entry of incident " + id);
        }
        String body = entry.endsWith("\n") ? entry : entry + "\n";
        int begins = count(document, begin);
        int ends = count(document, end);
        int from = document.indexOf(begin);
        if (begins > 0 || ends > 0) {
            int to = document.indexOf(end, Math.max(from, 0));
            if (begins == 1 && ends == 0) {
                throw PerfguardException.badInput("the lessons entry of incident " + id
                        + " has a begin marker but no end marker; fix the document by hand");
            }
            if (begins != 1 || ends != 1 || to < from) {
                // Replacing between the wrong pair of markers would keep or multiply stray text on every run.
                throw PerfguardException.badInput("the lessons document has " + begins + " begin marker(s) and " + ends
                        + " end marker" + (ends == 1 ? "" : "s") + " for incident " + id
                        + " (one of each, in that order, expected); fix the document by hand");
            }
            int after = to + end.length();
            if (after < document.length() && document.charAt(after) == '\n') {
                after++;
            }
            return document.substring(0, from) + body + document.substring(after);
        }
        StringBuilder out = new StringBuilder(document);
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        int heading = headingIndex(document);
        if (heading < 0) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(HEADING).append("\n\n").append(body);
            return out.toString();
        }
        // append at the end of the lessons section: before the next level-2 heading, or at the end
        int next = document.indexOf("\n## ", heading + HEADING.length());
        if (next < 0) {
            if (!out.toString().endsWith("\n\n")) {
                out.append('\n');
            }
            return out.append(body).toString();
        }
        String head = document.substring(0, next + 1);
        String tail = document.substring(next + 1);
        return head + (head.endsWith("\n\n") ? "" : "\n") + body + "\n" + tail;
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) {
            n++;
        }
        return n;
    }

    private static int headingIndex(String document) {
        Matcher m = HEADING_LINE.matcher(document);
        return m.find() ? m.start() : -1;
    }

    private static String begin(String id) {
        return MARKER + Markdown.inline(id) + " begin -->";
    }

    private static String end(String id) {
        return MARKER + Markdown.inline(id) + " end -->";
    }
}
