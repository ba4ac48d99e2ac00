package dev.perfguard.runbook.telemetry;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.incident.ReportingWindow;
import dev.perfguard.core.telemetry.Evaluator;
import dev.perfguard.core.telemetry.WindowVerdict;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.runbook.store.Store;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

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

    private static final String COLUMNS = "expectation, window_start_ms, window_ms, metric, verdict, value, baseline, limit_value,"
            + " query_text, evaluated_ms, panel_title, panel_url, detail";

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
        return store.inTransaction(c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO telemetry_window (expectation, window_start_ms, window_ms,"
                    + " state, owner, claimed_ms) VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT (expectation, window_start_ms) DO NOTHING")) {
                ins.setString(1, expectation);
                ins.setLong(2, window.start().toEpochMilli());
                ins.setLong(3, window.length().toMillis());
                ins.setString(4, owner);
                ins.setLong(5, now.toEpochMilli());
                if (ins.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement take = c.prepareStatement("UPDATE telemetry_window SET owner = ?, claimed_ms = ?"
                    + " WHERE expectation = ? AND window_start_ms = ? AND state = 'claimed' AND (owner = ? OR claimed_ms <= ?)")) {
                take.setString(1, owner);
                take.setLong(2, now.toEpochMilli());
                take.setString(3, expectation);
                take.setLong(4, window.start().toEpochMilli());
                take.setString(5, owner);
                take.setLong(6, now.minus(lease).toEpochMilli());
                return take.executeUpdate() == 1;
            }
        });
    }

    /** Stores {@code result} on {@code owner}'s claim; {@code CONFLICT} if the claim is not the owner's or the result is stored. */
    public void complete(WindowResult result, String owner, Instant now) {
        requireName(owner, "owner");
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE telemetry_window SET state = 'done', metric = ?, verdict = ?, value = ?,"
                    + " baseline = ?, limit_value = ?, query_text = ?, evaluated_ms = ?, panel_title = ?, panel_url = ?, detail = ?,"
                    + " recorded_ms = ? WHERE expectation = ? AND window_start_ms = ? AND state = 'claimed' AND owner = ?")) {
                int i = bindResult(ps, 1, result);
                ps.setLong(i++, now.toEpochMilli());
                ps.setString(i++, result.name());
                ps.setLong(i++, result.window().start().toEpochMilli());
                ps.setString(i, owner);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            String holder = describeRow(c, result.name(), result.window());
            throw new PerfguardException(ErrorCode.CONFLICT, "window " + result.window() + " of '" + result.name()
                    + "' is not claimed by " + owner + ": " + holder);
        });
    }

    /** Stores {@code result} unless a row for its window exists; true when it was stored. */
    public boolean recordOnce(WindowResult result, String owner, Instant now) {
        requireName(owner, "owner");
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry_window (metric, verdict, value, baseline, limit_value,"
                    + " query_text, evaluated_ms, panel_title, panel_url, detail, expectation, window_start_ms, window_ms, state, owner,"
                    + " claimed_ms, recorded_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'done',?,?,?)"
                    + " ON CONFLICT (expectation, window_start_ms) DO NOTHING")) {
                int i = bindResult(ps, 1, result);
                ps.setString(i++, result.name());
                ps.setLong(i++, result.window().start().toEpochMilli());
                ps.setLong(i++, result.window().length().toMillis());
                ps.setString(i++, owner);
                ps.setLong(i++, now.toEpochMilli());
                ps.setLong(i, now.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
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
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT window_start_ms FROM telemetry_window WHERE expectation = ?"
                    + " AND state = 'done' AND window_start_ms >= ? AND window_start_ms <= ?")) {
                for (String e : expectations) {
                    ps.setString(1, e);
                    ps.setLong(2, lo.toEpochMilli());
                    ps.setLong(3, hi.toEpochMilli());
                    Set<Long> done = new HashSet<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            done.add(rs.getLong(1));
                        }
                    }
                    out.put(e, starts.stream().filter(s -> !done.contains(s.toEpochMilli())).toList());
                }
            }
            return null;
        });
        return out;
    }

    /** The stored results of {@code expectation} for windows starting in {@code [from, to)}, oldest first. */
    public List<WindowResult> results(String expectation, Instant from, Instant to) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM telemetry_window WHERE expectation = ?"
                    + " AND state = 'done' AND window_start_ms >= ? AND window_start_ms < ? ORDER BY window_start_ms")) {
                ps.setString(1, expectation);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                List<WindowResult> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(result(rs));
                    }
                }
                return out;
            }
        });
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

    private static int bindResult(PreparedStatement ps, int i, WindowResult r) throws SQLException {
        ps.setString(i++, r.metric());
        ps.setString(i++, r.verdict().wireName());
        setDouble(ps, i++, r.value());
        setDouble(ps, i++, r.baseline());
        setDouble(ps, i++, r.limit());
        ps.setString(i++, r.query());
        ps.setLong(i++, r.evaluatedAt().toEpochMilli());
        ps.setString(i++, r.panel().map(PanelLink::title).orElse(null));
        ps.setString(i++, r.panel().map(p -> p.url().toString()).orElse(null));
        ps.setString(i++, r.detail());
        return i;
    }

    private static void setDouble(PreparedStatement ps, int i, OptionalDouble v) throws SQLException {
        if (v.isPresent()) {
            ps.setDouble(i, v.getAsDouble());
        } else {
            ps.setNull(i, Types.DOUBLE);
        }
    }

    private static OptionalDouble getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static WindowResult result(ResultSet rs) throws SQLException {
        Window w = new Window(Instant.ofEpochMilli(rs.getLong("window_start_ms")), Duration.ofMillis(rs.getLong("window_ms")));
        String title = rs.getString("panel_title");
        String url = rs.getString("panel_url");
        Optional<PanelLink> panel = url == null ? Optional.empty() : Optional.of(new PanelLink(title, URI.create(url)));
        return new WindowResult(rs.getString("expectation"), rs.getString("metric"), w, WindowVerdict.ofWireName(rs.getString("verdict")),
                getDouble(rs, "value"), getDouble(rs, "baseline"), getDouble(rs, "limit_value"), rs.getString("query_text"),
                Instant.ofEpochMilli(rs.getLong("evaluated_ms")), panel, rs.getString("detail"));
    }

    private static String describeRow(Connection c, String expectation, Window window) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, owner FROM telemetry_window WHERE expectation = ? AND window_start_ms = ?")) {
            ps.setString(1, expectation);
            ps.setLong(2, window.start().toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "it was never claimed";
                }
                return rs.getString(1).equals("done") ? "its result is already stored (by " + rs.getString(2) + ")"
                        : "it is claimed by " + rs.getString(2);
            }
        }
    }

    private static void requireName(String s, String field) {
        Objects.requireNonNull(s, field);
        if (s.isBlank() || s.length() > 200) {
            throw PerfguardException.badInput(field + " must be 1 to 200 characters, was '" + s + "'");
        }
    }
}
