package dev.perfguard.core.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The post-incident summary (runbook step 5.1): the timeline section, the root cause and the
 * remediation. The timeline section is drafted from the incident timeline by {@link #draftTimeline}
 * and may be edited; {@code timelineThrough} is the last timeline seq it covers, so a report can
 * add the entries that came after (the closing, say).
 */
public record PostIncidentSummary(String timeline, long timelineThrough, String rootCause, String remediation,
        String author, Instant writtenAt) {

    public static final int MAX_TIMELINE = 1_000_000;

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public PostIncidentSummary {
        Checks.text(timeline, "summary timeline", MAX_TIMELINE);
        if (timelineThrough < 0) {
            throw new IllegalArgumentException("timelineThrough must not be negative, was " + timelineThrough);
        }
        Checks.text(rootCause, "summary root cause", Checks.LONG);
        Checks.text(remediation, "summary remediation", Checks.LONG);
        Checks.name(author, "author");
        Objects.requireNonNull(writtenAt, "writtenAt");
    }

    /** The Markdown list a timeline drafts to: one {@code - 2026-11-27 10:00:00 UTC — alice — what} line per entry. */
    public static String draftTimeline(List<TimelineEntry> entries) {
        StringBuilder out = new StringBuilder();
        for (TimelineEntry e : entries) {
            out.append(timelineLine(e)).append('\n');
        }
        return out.toString();
    }

    static String timelineLine(TimelineEntry e) {
        return "- " + TIME.format(e.at()) + " — " + Markdown.text(e.who()) + " — " + Markdown.text(e.what());
    }
}
