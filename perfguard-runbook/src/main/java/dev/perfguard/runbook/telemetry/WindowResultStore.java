package dev.perfguard.runbook.telemetry;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.runbook.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Evaluated telemetry windows in the store, each recorded exactly once per (expectation name,
 * window start), and the claims that let several replicas share the work.
 *
 * <p><b>Claiming.</b> {@link #claim} inserts a {@code claimed} row with
 * {@code INSERT ... ON CONFLICT DO NOTHING}; exactly one caller inserts it. On PostgreSQL a
 * concurrent insert of the same key waits for the winner's transaction and then does nothing; on
 * SQLite writers are serialized ({@code BEGIN IMMEDIATE}). A claim older than its lease, never
 * completed (its replica died), can be taken over by one conditional {@code UPDATE}, which again
 * only one caller wins. {@link #complete} stores the result on the caller's own claim only.
 *
 * <p>Each method is one transaction.
 */
public final class WindowResultStore {
    /** The most windows {@link #catchUp} lists per expectation. */
    public static final int MAX_CATCH_UP = 10_000;

    private final Store store;

    public WindowResultStore(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Claims {@code window} of {@code expectation} for {@code owner}: true when the caller should
     * evaluate it (a new claim, a takeover of a claim older than {@code lease}, or the owner's own
     * unfinished claim); false when another owner holds a live claim or the result is stored.
     */
    public boolean claim(String expectation, Window window, String owner, Instant now, Duration lease) {
        requireName(expectation, "expectation");
        requireName(owner, "owner");
        Objects.requireNonNull(now, "now");
        if (lease.isNegative() || lease.isZero()) {
            throw PerfguardException.badInput("a claim lease must be positive, was " + lease);
        }
        return store.inTransaction(h -> TelemetryWindowSql.insertClaim(h, expectation, window, owner, now)
                || TelemetryWindowSql.takeOver(h, expectation, window, owner, now, now.minus(lease)));
    }

    /** Stores {@code result} on {@code owner}'s claim; {@code CONFLICT} if the claim is not the owner's or the result is stored. */
    public void complete(WindowResult result, String owner, Instant now) {
        requireName(owner, "owner");
        store.inTransaction(h -> {
            if (TelemetryWindowSql.complete(h, result, owner, now)) {
                return null;
            }
            String holder = describeRow(h, result.name(), result.window());
            throw new PerfguardException(ErrorCode.CONFLICT, "window " + result.window() + " of '" + result.name()
                    + "' is not claimed by " + owner + ": " + holder);
        });
    }

    /** Stores {@code result} unless a row for its window exists; true when it was stored. */
    public boolean recordOnce(WindowResult result, String owner, Instant now) {
        requireName(owner, "owner");
        return store.inTransaction(h -> TelemetryWindowSql.recordOnce(h, result, owner, now));
    }

    /**
     * Per expectation (in the given order), the starts of the closed windows of length {@code length}
     * that begin at or after {@code from} and end at or before {@code to} and have no stored result
     * (absent or only claimed), oldest first: what a restarted watch must evaluate.
     */
    public Map<String, List<Instant>> catchUp(Collection<String> expectations, Instant from, Instant to, Duration length) {
        Window first = Window.containing(from, length);
        if (first.start().isBefore(from)) {
            first = new Window(first.end(), length);
        }
        List<Instant> starts = new ArrayList<>();
        for (Window w = first; !w.end().isAfter(to); w = new Window(w.end(), length)) {
            if (starts.size() == MAX_CATCH_UP) {
                throw PerfguardException.badInput("catching up " + from + " to " + to + " spans more than " + MAX_CATCH_UP
                        + " windows of " + length + "; shorten the range");
            }
            starts.add(w.start());
        }
        Map<String, List<Instant>> out = new LinkedHashMap<>();
        if (starts.isEmpty()) {
            expectations.forEach(e -> out.put(e, List.of()));
            return out;
        }
        Instant lo = starts.get(0);
        Instant hi = starts.get(starts.size() - 1);
        store.inTransaction(h -> {
            for (String e : expectations) {
                Set<Long> done = TelemetryWindowSql.doneStarts(h, e, lo, hi);
                out.put(e, starts.stream().filter(s -> !done.contains(s.toEpochMilli())).toList());
            }
            return null;
        });
        return out;
    }

    /** The stored results of {@code expectation} for windows starting in {@code [from, to)}, oldest first. */
    public List<WindowResult> results(String expectation, Instant from, Instant to) {
        return store.inAutoCommit(h -> TelemetryWindowSql.results(h, expectation, from, to));
    }

    /**
     * The closing gate's windows for {@code expectations} over {@code [from, to)}: one
     * {@link ReportingWindow} per window start that has a stored result of any of them, with each
     * result's metric and outcome (see {@link Evaluator#toReportingWindow}).
     */
    public List<ReportingWindow> reportingWindows(Collection<String> expectations, Instant from, Instant to) {
        Map<Window, List<WindowResult>> byWindow = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
        for (String e : expectations) {
            for (WindowResult r : results(e, from, to)) {
                byWindow.computeIfAbsent(r.window(), w -> new ArrayList<>()).add(r);
            }
        }
        List<ReportingWindow> out = new ArrayList<>();
        byWindow.forEach((w, rs) -> out.add(Evaluator.toReportingWindow(w, rs)));
        return out;
    }

    private static String describeRow(Handle h, String expectation, Window window) {
        return TelemetryWindowSql.state(h, expectation, window)
                .map(row -> row.state().equals("done") ? "its result is already stored (by " + row.owner() + ")"
                        : "it is claimed by " + row.owner())
                .orElse("it was never claimed");
    }

    private static void requireName(String s, String field) {
        Objects.requireNonNull(s, field);
        if (s.isBlank() || s.length() > 200) {
            throw PerfguardException.badInput(field + " must be 1 to 200 characters, was '" + s + "'");
        }
    }
}
