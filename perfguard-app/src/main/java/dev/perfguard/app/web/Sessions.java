package dev.perfguard.app.web;

import dev.perfguard.runbook.incident.ApiTokens;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the web pages and the one-time sign-in codes that start them.
 *
 * <p>A session is made by pasting an API token at {@code /login} (or by a one-time code the demo prints) and
 * lives in this server's memory: a restart signs everybody out, and the raw token never reaches a URL or a
 * log. The token is authenticated again on every request, so revoking it ends its sessions at once. Each
 * session has its own CSRF token, required on every form post.
 */
final class Sessions {
    /** A session unused this long ends. */
    static final Duration IDLE = Duration.ofHours(8);
    /** No session outlives this, used or not. */
    static final Duration ABSOLUTE = Duration.ofHours(24);
    /** A one-time sign-in code is good for this long, once. */
    static final Duration CODE_TTL = Duration.ofMinutes(15);
    static final int MAX_SESSIONS = 10_000;

    record Session(String id, String token, String csrf, Instant created, Instant lastSeen) {}

    private record Code(String token, Instant expires) {}

    private final ApiTokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();

    Sessions(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A session for {@code token} when it authenticates. */
    Optional<Session> open(String token) {
        if (tokens.authenticate(token).isEmpty()) {
            return Optional.empty();
        }
        expire();
        if (sessions.size() >= MAX_SESSIONS) { // the oldest goes: memory stays bounded whatever signs in
            sessions.values().stream().min((a, b) -> a.lastSeen().compareTo(b.lastSeen()))
                    .ifPresent(s -> sessions.remove(s.id()));
        }
        Instant now = clock.instant();
        Session s = new Session(secret(), token, secret(), now, now);
        sessions.put(s.id(), s);
        return Optional.of(s);
    }

    /** The session with this cookie value and who it belongs to, when both are still valid. */
    Optional<Signed> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.created().plus(ABSOLUTE))) {
            sessions.remove(id);
            return Optional.empty();
        }
        Optional<ApiTokens.Principal> who = tokens.authenticate(s.token());
        if (who.isEmpty()) { // revoked since
            sessions.remove(id);
            return Optional.empty();
        }
        Session seen = new Session(s.id(), s.token(), s.csrf(), s.created(), now);
        sessions.replace(id, s, seen);
        return Optional.of(new Signed(seen, who.get()));
    }

    record Signed(Session session, ApiTokens.Principal principal) {}

    /** Who a bearer token belongs to (a script fetching a page), with no session. */
    Optional<ApiTokens.Principal> authenticate(String token) {
        return tokens.authenticate(token);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** A code that signs in as {@code token} once, within {@link #CODE_TTL}; safe to print in a link. */
    String oneTimeCode(String token) {
        String code = secret();
        codes.put(code, new Code(token, clock.instant().plus(CODE_TTL)));
        return code;
    }

    /** Spends a one-time code: the session it opens, if the code is known, unspent and in time. */
    Optional<Session> redeem(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Code c = codes.remove(code);
        if (c == null || clock.instant().isAfter(c.expires())) {
            return Optional.empty();
        }
        return open(c.token());
    }

    static boolean sameSecret(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private void expire() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> now.isAfter(s.lastSeen().plus(IDLE)) || now.isAfter(s.created().plus(ABSOLUTE)));
        codes.values().removeIf(c -> now.isAfter(c.expires()));
    }

    private String secret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
