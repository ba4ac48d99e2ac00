package dev.perfguard.core;

import java.util.Objects;

/**
 * The one unchecked exception perfguard throws on purpose. The message is meant for a person and
 * names the file, line, field or key involved; the code decides the exit status and HTTP status.
 */
public class PerfguardException extends RuntimeException {
    private final ErrorCode code;

    public PerfguardException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public PerfguardException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public static PerfguardException badInput(String message) {
        return new PerfguardException(ErrorCode.BAD_INPUT, message);
    }

    public static PerfguardException badInput(String message, Throwable cause) {
        return new PerfguardException(ErrorCode.BAD_INPUT, message, cause);
    }
}
