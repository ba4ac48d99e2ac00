package dev.perfguard.runbook.flags;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The flags that differ between two times (the baseline build's and the regression's), each with the
 * changes that led there. {@link Line#describe} reads {@code new-ranker: off → on at 10:42 by deploy note 3:
 * deploy 412}.
 */
public record FlagDiff(Instant from, Instant to, List<Line> lines) {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    public FlagDiff {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        lines = List.copyOf(lines);
    }

    /**
     * One flag whose state at {@code to} is not its state at {@code from} ({@code before} empty: perfguard had
     * not seen it by then), and the last change between the two times.
     */
    public record Line(String flag, Optional<String> before, String after, FlagChange last) {
        public Line {
            Objects.requireNonNull(flag, "flag");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(last, "last");
        }

        /**
         * {@code new-ranker: off → on at 10:42 UTC by bob (rollback 1 of PERF-...)} for a change perfguard made or
         * Unleash recorded; {@code new-ranker: off → on, seen at 10:42 UTC with deploy note 3: deploy 412} for one
         * perfguard saw in a capture (it happened at or before that time).
         */
        public String describe() {
            String change = flag + ": " + before.orElse("unknown") + " → " + after;
            return last.source().equals("capture")
                    ? change + ", seen at " + HHMM.format(last.at()) + " UTC with " + last.by()
                    : change + " at " + HHMM.format(last.at()) + " UTC by " + last.by();
        }
    }

    /** The lines as text, one per line; {@code no flag changed} when none. */
    public String describe() {
        return lines.isEmpty() ? "no flag changed between " + from + " and " + to
                : String.join("\n", lines.stream().map(Line::describe).toList());
    }
}
