package dev.perfguard.core.lighthouse.assertions;

import java.util.Locale;
import java.util.Optional;

/** An assertion's level: {@code off} is not evaluated, a failing {@code warn} is reported, a failing {@code error} fails. */
public enum Level {
    OFF, WARN, ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Level> byLabel(String s) {
        for (Level l : values()) {
            if (l.label().equals(s)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
