package dev.perfguard.runbook.incident;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens. A token is {@code pg_} followed by 64 hex digits of a random 32-byte value; only its
 * SHA-256 is stored, so the store never holds a usable token. A token is shown once, when created.
 */
public final class ApiTokens {
    /** Who a token belongs to. */
    public record Principal(String name, Role role) {}

    /** A stored token without its secret. */
    public record TokenInfo(String name, Role role, Instant createdAt, Optional<Instant> revokedAt) {}

    /** A freshly created token: {@code token} is the secret, shown once. */
    public record Created(String name, Role role, String token) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern TOKEN = Pattern.compile("pg_[0-9a-f]{64}");

    private final Store store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Created create(String name, Role role) {
        Objects.requireNonNull(role, "role");
        if (name == null || !NAME.matcher(name).matches()) {
            throw PerfguardException.badInput("token name '" + name
                    + "' is invalid; expected 1-100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "pg_" + HexFormat.of().formatHex(secret);
        store.inTransaction(h -> {
            if (ApiTokenSql.nameTaken(h, name)) {
                throw new PerfguardException(ErrorCode.CONFLICT, "a token named " + name + " exists already");
            }
            ApiTokenSql.insert(h, hash(token), name, role, clock.millis());
            return null;
        });
        return new Created(name, role, token);
    }

    /** The principal of a valid, unrevoked token; empty for anything else (malformed, unknown, revoked). */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        String tokenHash = hash(token);
        return store.inAutoCommit(h -> ApiTokenSql.principal(h, tokenHash))
                .map(r -> new Principal(r.name(), Role.fromWireName(r.role())));
    }

    public List<TokenInfo> list() {
        return store.inAutoCommit(ApiTokenSql::list).stream()
                .map(r -> new TokenInfo(r.name(), Role.fromWireName(r.role()), Instant.ofEpochMilli(r.createdMs()),
                        r.revokedMs().map(Instant::ofEpochMilli)))
                .toList();
    }

    /** Revokes the token named {@code name}; {@code NOT_FOUND} when there is none. Revoking twice is a no-op. */
    public void revoke(String name) {
        store.inTransaction(h -> {
            if (!ApiTokenSql.revoke(h, name, clock.millis())) {
                throw new PerfguardException(ErrorCode.NOT_FOUND, "no token named " + name);
            }
            return null;
        });
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

}
