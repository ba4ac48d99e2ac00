package dev.perfguard.runbook.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Finds the {@code :name} parameters of perfguard's SQL. Jdbi's own parser does the same with a generated
 * lexer that loads about a hundred classes when a command first touches the store; perfguard's statements
 * are fixed text, so one scan per statement, cached, is enough.
 *
 * <p>Rules: {@code :name} (a letter or underscore, then letters, digits or underscores) is a named
 * parameter and {@code ?} a positional one, except inside single-quoted strings ({@code ''} escapes a
 * quote), double-quoted identifiers and comments ({@code -- ...} to the end of the line,
 * {@code /* ... *}{@code /}); {@code ::} (a PostgreSQL cast) is kept as it is.
 */
final class NamedParameters implements SqlParser {
    /** Statements are constants; more than this many distinct ones would mean SQL built from data. */
    static final int MAX_CACHED = 1_000;

    private final Map<String, ParsedSql> cache = new ConcurrentHashMap<>();

    @Override
    public ParsedSql parse(String sql, StatementContext ctx) {
        ParsedSql parsed = cache.get(sql);
        if (parsed == null) {
            parsed = parse(sql);
            if (cache.size() < MAX_CACHED) {
                cache.putIfAbsent(sql, parsed);
            }
        }
        return parsed;
    }

    @Override
    public String nameParameter(String rawName, StatementContext ctx) {
        return ":" + rawName;
    }

    static ParsedSql parse(String sql) {
        ParsedSql.Builder b = ParsedSql.builder();
        StringBuilder text = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                text.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                text.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                text.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                text.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && nameStart(sql.charAt(i + 1))) {
                int end = i + 2;
                while (end < n && namePart(sql.charAt(end))) {
                    end++;
                }
                b.append(text.toString()).appendNamedParameter(sql.substring(i + 1, end));
                text.setLength(0);
                i = end;
            } else if (c == '?') {
                b.append(text.toString()).appendPositionalParameter();
                text.setLength(0);
                i++;
            } else {
                text.append(c);
                i++;
            }
        }
        return b.append(text.toString()).build();
    }

    /** The index after the quote that closes the one at {@code start}; a doubled quote does not close. */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static boolean nameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean namePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
