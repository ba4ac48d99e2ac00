package dev.perfguard.runbook.incident;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The SQL of the {@code api_token} table ({@code V2__incidents.sql}): a token's SHA-256, never the token,
 * with its name, role and creation and revocation times. Every method runs on the caller's handle, in the
 * caller's transaction.
 */
final class ApiTokenSql {
    private ApiTokenSql() {}

    private static final String NAME_TAKEN = """
            SELECT COUNT(*) FROM api_token WHERE name = :name""";

    private static final String INSERT = """
            INSERT INTO api_token (token_hash, name, role, created_ms)
            VALUES (:tokenHash, :name, :role, :createdMs)""";

    private static final String PRINCIPAL = """
            SELECT name, role FROM api_token WHERE token_hash = :tokenHash AND revoked_ms IS NULL""";

    private static final String LIST = """
            SELECT name, role, created_ms, revoked_ms FROM api_token ORDER BY created_ms, name""";

    /** Revokes once: a second revocation keeps the first time. */
    private static final String REVOKE = """
            UPDATE api_token SET revoked_ms = COALESCE(revoked_ms, :revokedMs) WHERE name = :name""";

    /** An {@code api_token} row without its hash; {@code revokedMs} empty while the token is valid. */
    record TokenRow(String name, String role, long createdMs, Optional<Long> revokedMs) {}

    /** A valid token's owner. */
    record PrincipalRow(String name, String role) {}

    private static final RowMapper<TokenRow> TOKEN = ConstructorMapper.of(TokenRow.class);
    private static final RowMapper<PrincipalRow> PRINCIPAL_ROW = (rs, ctx) -> new PrincipalRow(rs.getString("name"),
            rs.getString("role"));

    static boolean nameTaken(Handle h, String name) {
        return h.createQuery(NAME_TAKEN).bind("name", name).mapTo(Long.class).one() > 0;
    }

    static void insert(Handle h, String tokenHash, String name, Role role, long createdMs) {
        h.createUpdate(INSERT)
                .bind("tokenHash", tokenHash)
                .bind("name", name)
                .bind("role", role.wireName())
                .bind("createdMs", createdMs)
                .execute();
    }

    /** The owner of the unrevoked token whose hash is {@code tokenHash}. */
    static Optional<PrincipalRow> principal(Handle h, String tokenHash) {
        return h.createQuery(PRINCIPAL).bind("tokenHash", tokenHash).map(PRINCIPAL_ROW).findOne();
    }

    static List<TokenRow> list(Handle h) {
        return h.createQuery(LIST).map(TOKEN).list();
    }

    /** Revokes the token named {@code name}; false when there is none. */
    static boolean revoke(Handle h, String name, long revokedMs) {
        return h.createUpdate(REVOKE).bind("revokedMs", revokedMs).bind("name", name).execute() > 0;
    }
}
