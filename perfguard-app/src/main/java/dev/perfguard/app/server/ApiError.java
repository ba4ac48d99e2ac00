package dev.perfguard.app.server;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;

/**
 * The server's one mapping from failures to HTTP statuses and {@code {"code","message"}} bodies.
 * Authentication failures are their own variants (the domain has no notion of a caller).
 */
sealed interface ApiError {
    int status();

    String code();

    String message();

    record Unauthorized(String message) implements ApiError {
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
