package dev.perfguard.runbook.telemetry;

import dev.perfguard.core.incident.PanelLink;
import dev.perfguard.core.telemetry.Window;
import dev.perfguard.core.telemetry.WindowResult;
import dev.perfguard.core.telemetry.WindowVerdict;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The SQL of the {@code telemetry_window} table ({@code V10__telemetry_windows.sql}) and the rows it
 * reads. A row is first a claim ({@code state = 'claimed'}, by one owner), then the stored result
 * ({@code 'done'}). Every method runs on the caller's handle, in the caller's transaction.
 */
final class TelemetryWindowSql {
    private TelemetryWindowSql() {}

    private static final String INSERT_CLAIM = """
            INSERT INTO telemetry_window (expectation, window_start_ms, window_ms, state, owner, claimed_ms)
            VALUES (:expectation, :windowStartMs, :windowMs, 'claimed', :owner, :nowMs)
            ON CONFLICT (expectation, window_start_ms) DO NOTHING""";

    /** Takes a claim over: the owner's own, or another's claimed at or before {@code :staleMs}. */
    private static final String TAKE_OVER = """
            UPDATE telemetry_window SET owner = :owner, claimed_ms = :nowMs
             WHERE expectation = :expectation AND window_start_ms = :windowStartMs AND state = 'claimed'
               AND (owner = :owner OR claimed_ms <= :staleMs)""";

    private static final String COMPLETE = """
            UPDATE telemetry_window
               SET state = 'done', metric = :metric, verdict = :verdict, value = :value, baseline = :baseline,
                   limit_value = :limitValue, query_text = :queryText, evaluated_ms = :evaluatedMs,
                   panel_title = :panelTitle, panel_url = :panelUrl, detail = :detail, recorded_ms = :nowMs
             WHERE expectation = :expectation AND window_start_ms = :windowStartMs AND state = 'claimed'
               AND owner = :owner""";

    private static final String RECORD_ONCE = """
            INSERT INTO telemetry_window (expectation, window_start_ms, window_ms, state, owner, claimed_ms,
                                          metric, verdict, value, baseline, limit_value, query_text, evaluated_ms,
                                          panel_title, panel_url, detail, recorded_ms)
            VALUES (:expectation, :windowStartMs, :windowMs, 'done', :owner, :nowMs,
                    :metric, :verdict, :value, :baseline, :limitValue, :queryText, :evaluatedMs,
                    :panelTitle, :panelUrl, :detail, :nowMs)
            ON CONFLICT (expectation, window_start_ms) DO NOTHING""";

    private static final String DONE_STARTS = """
            SELECT window_start_ms FROM telemetry_window
             WHERE expectation = :expectation AND state = 'done'
               AND window_start_ms >= :fromMs AND window_start_ms <= :toMs""";

    private static final String RESULTS = """
            SELECT expectation, window_start_ms, window_ms, metric, verdict, value, baseline, limit_value,
                   query_text, evaluated_ms, panel_title, panel_url, detail
              FROM telemetry_window
             WHERE expectation = :expectation AND state = 'done'
               AND window_start_ms >= :fromMs AND window_start_ms < :toMs
             ORDER BY window_start_ms""";

    private static final String STATE = """
            SELECT state, owner FROM telemetry_window WHERE expectation = :expectation AND window_start_ms = :windowStartMs""";

    /** A stored ({@code done}) row: the columns of a {@link WindowResult}. */
    record ResultRow(String expectation, long windowStartMs, long windowMs, String metric, String verdict,
            OptionalDouble value, OptionalDouble baseline, OptionalDouble limitValue, String queryText, long evaluatedMs,
            Optional<String> panelTitle, Optional<String> panelUrl, String detail) {
        WindowResult result() {
            Window w = new Window(Instant.ofEpochMilli(windowStartMs), Duration.ofMillis(windowMs));
            Optional<PanelLink> panel = panelUrl.map(url -> new PanelLink(panelTitle.orElse(null), URI.create(url)));
            return new WindowResult(expectation, metric, w, WindowVerdict.ofWireName(verdict), value, baseline, limitValue,
                    queryText, Instant.ofEpochMilli(evaluatedMs), panel, detail);
        }
    }

    /** Who holds a row, and whether its result is stored. */
    record StateRow(String state, String owner) {}

    private static final RowMapper<ResultRow> RESULT = ConstructorMapper.of(ResultRow.class);
    private static final RowMapper<StateRow> STATE_ROW = (rs, ctx) -> new StateRow(rs.getString("state"), rs.getString("owner"));

    /** Inserts a claim; true when this call inserted it (no row for the window existed). */
    static boolean insertClaim(Handle h, String expectation, Window window, String owner, Instant now) {
        return h.createUpdate(INSERT_CLAIM)
                .bind("expectation", expectation)
                .bind("windowStartMs", window.start().toEpochMilli())
                .bind("windowMs", window.length().toMillis())
                .bind("owner", owner)
                .bind("nowMs", now.toEpochMilli())
                .execute() == 1;
    }

    /** Takes the claim over when it is {@code owner}'s or was made at or before {@code staleBefore}; true when taken. */
    static boolean takeOver(Handle h, String expectation, Window window, String owner, Instant now, Instant staleBefore) {
        return h.createUpdate(TAKE_OVER)
                .bind("owner", owner)
                .bind("nowMs", now.toEpochMilli())
                .bind("expectation", expectation)
                .bind("windowStartMs", window.start().toEpochMilli())
                .bind("staleMs", staleBefore.toEpochMilli())
                .execute() == 1;
    }

    /** Stores {@code result} on {@code owner}'s claim; true when the claim was there to complete. */
    static boolean complete(Handle h, WindowResult result, String owner, Instant now) {
        return bindResult(h.createUpdate(COMPLETE), result)
                .bind("owner", owner)
                .bind("nowMs", now.toEpochMilli())
                .execute() == 1;
    }

    /** Inserts {@code result} as stored unless its window has a row; true when inserted. */
    static boolean recordOnce(Handle h, WindowResult result, String owner, Instant now) {
        return bindResult(h.createUpdate(RECORD_ONCE), result)
                .bind("windowMs", result.window().length().toMillis())
                .bind("owner", owner)
                .bind("nowMs", now.toEpochMilli())
                .execute() == 1;
    }

    /** The starts (epoch ms) of {@code expectation}'s stored windows starting in {@code [from, to]}. */
    static Set<Long> doneStarts(Handle h, String expectation, Instant from, Instant to) {
        return new HashSet<>(h.createQuery(DONE_STARTS)
                .bind("expectation", expectation)
                .bind("fromMs", from.toEpochMilli())
                .bind("toMs", to.toEpochMilli())
                .mapTo(Long.class)
                .list());
    }

    /** {@code expectation}'s stored results for windows starting in {@code [from, to)}, oldest first. */
    static List<WindowResult> results(Handle h, String expectation, Instant from, Instant to) {
        return h.createQuery(RESULTS)
                .bind("expectation", expectation)
                .bind("fromMs", from.toEpochMilli())
                .bind("toMs", to.toEpochMilli())
                .map(RESULT)
                .map(ResultRow::result)
                .list();
    }

    static Optional<StateRow> state(Handle h, String expectation, Window window) {
        return h.createQuery(STATE)
                .bind("expectation", expectation)
                .bind("windowStartMs", window.start().toEpochMilli())
                .map(STATE_ROW)
                .findOne();
    }

    private static <S extends SqlStatement<S>> S bindResult(S statement, WindowResult r) {
        return statement
                .bind("expectation", r.name())
                .bind("windowStartMs", r.window().start().toEpochMilli())
                .bind("metric", r.metric())
                .bind("verdict", r.verdict().wireName())
                .bind("value", orNull(r.value()))
                .bind("baseline", orNull(r.baseline()))
                .bind("limitValue", orNull(r.limit()))
                .bind("queryText", r.query())
                .bind("evaluatedMs", r.evaluatedAt().toEpochMilli())
                .bind("panelTitle", r.panel().map(PanelLink::title).orElse(null))
                .bind("panelUrl", r.panel().map(p -> p.url().toString()).orElse(null))
                .bind("detail", r.detail());
    }

    private static Double orNull(OptionalDouble v) {
        return v.isPresent() ? Double.valueOf(v.getAsDouble()) : null;
    }
}
