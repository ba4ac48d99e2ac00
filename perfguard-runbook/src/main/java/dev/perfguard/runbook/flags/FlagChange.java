package dev.perfguard.runbook.flags;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a flag's state: {@code before} is empty the first time perfguard saw the flag. {@code by}
 * says who or what changed it (a person, {@code deploy note 3: deploy 412 ...}, an Unleash user), {@code source}
 * where perfguard learnt of it ({@code toggle}, {@code capture}, {@code unleash-event}).
 */
public record FlagChange(String flag, Optional<String> before, String after, Instant at, String by, String source) {
    public FlagChange {
        FlagValue.requireName(flag, "flag");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(source, "source");
    }
}
