package dev.perfguard.app.server;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.List;

/**
 * The server's one mapping from failures to HTTP statuses and {@code {"code","message"}} bodies.
 * Authentication failures are their own variants (the domain has no notion of a caller), and so are
 * the refusals of HTTP itself (another method, a request over a limit); {@link ErrorAnswers} writes them all.
 */
sealed interface ApiError {
    int status();

    String code();

    String message();

    /**
     * No usable bearer token. {@code tokenGiven}: a token was sent but is unknown or revoked, which RFC 6750
     * answers with {@code error="invalid_token"} in the challenge.
     */
    record Unauthorized(String message, boolean tokenGiven) implements ApiError {
        Unauthorized(String message) {
            this(message, false);
        }

        /** The {@code WWW-Authenticate} header of the answer. */
        String challenge() {
            return "Bearer realm=\"perfguard\"" + (tokenGiven ? ", error=\"invalid_token\"" : "");
        }

        @Override
        public int status() {
            return 401;
        }

        @Override
        public String code() {
            return "UNAUTHORIZED";
        }
    }

    record Forbidden(String message) implements ApiError {
        @Override
        public int status() {
            return 403;
        }

        @Override
        public String code() {
            return "FORBIDDEN";
        }
    }

    /** A known path asked with a method it does not serve; {@code allowed} becomes the {@code Allow} header. */
    record MethodNotAllowed(String message, List<String> allowed) implements ApiError {
        public MethodNotAllowed {
            allowed = List.copyOf(allowed);
        }

        @Override
        public int status() {
            return 405;
        }

        @Override
        public String code() {
            return "METHOD_NOT_ALLOWED";
        }
    }

    /**
     * A request refused by HTTP itself before any route ran: no such route, a body, URI or headers over
     * their limit, a malformed URI. Client errors are {@code BAD_INPUT} (404 {@code NOT_FOUND}).
     */
    record Rejected(int status, String message) implements ApiError {
        @Override
        public String code() {
            if (status == 404) {
                return ErrorCode.NOT_FOUND.name();
            }
            return (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_INPUT).name();
        }
    }

    record Domain(ErrorCode errorCode, String message) implements ApiError {
        @Override
        public int status() {
            return switch (errorCode) {
                case BAD_INPUT, USAGE, CONFIG -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case REMOTE -> 502;
                case STORE -> 503;
                case INTERNAL -> 500;
            };
        }

        @Override
        public String code() {
            return errorCode.name();
        }
    }

    /** Thrown by handlers for authentication failures; carries its {@link ApiError}. */
    final class Failure extends RuntimeException {
        private final ApiError error;

        Failure(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ApiError error() {
            return error;
        }
    }

    static ApiError of(Throwable t) {
        if (t instanceof Failure f) {
            return f.error();
        }
        if (t instanceof PerfguardException pe) {
            return new Domain(pe.code(), pe.getMessage());
        }
        return new Domain(ErrorCode.INTERNAL, "internal error: " + t.getClass().getSimpleName());
    }
}
