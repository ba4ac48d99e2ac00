package dev.perfguard.runbook.notify;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.util.Objects;
import java.util.function.Function;

/**
 * A credential read from an environment variable. {@link #toString()} names the variable, never the
 * value; only request building and the channels' {@link Redactor} call {@link #reveal()}.
 */
final class Secret {
    private final String variable;
    private final String value;

    private Secret(String variable, String value) {
        this.variable = variable;
        this.value = value;
    }

    /**
     * Reads {@code variable} from {@code env}; unset or blank is a {@code CONFIG} error that names the
     * configuration key and the variable (not a value: there is none).
     */
    static Secret fromEnv(Function<String, String> env, String variable, String key) {
        Objects.requireNonNull(env, "env");
        if (variable == null || variable.isBlank()) {
            throw new PerfguardException(ErrorCode.CONFIG, key + " must name the environment variable holding the secret");
        }
        String v = env.apply(variable);
        if (v == null || v.isBlank()) {
            throw new PerfguardException(ErrorCode.CONFIG, "environment variable " + variable + " (named by " + key
                    + ") is not set or empty");
        }
        return new Secret(variable, v.strip());
    }

    static Secret of(String variable, String value) {
        return new Secret(variable, value);
    }

    String reveal() {
        return value;
    }

    String variable() {
        return variable;
    }

    @Override
    public String toString() {
        return "Secret[$" + variable + "]";
    }
}
