package dev.perfguard.core.incident;

import java.util.Objects;
import java.util.Optional;

/**
 * Who owns something, and why: resolved from an ownership rule ({@code rule} holds the pattern),
 * overridden by a person, or nobody ({@code squad} empty).
 */
public record SquadAssignment(Optional<String> squad, Source source, Optional<String> rule) {

    public enum Source { RULE, OVERRIDE, UNOWNED }

    public SquadAssignment {
        Objects.requireNonNull(squad, "squad");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rule, "rule");
        squad.ifPresent(s -> Checks.name(s, "squad"));
        if ((source == Source.UNOWNED) == squad.isPresent()) {
            throw new IllegalArgumentException("an assignment has a squad unless it is UNOWNED: " + squad + " " + source);
        }
        if ((source == Source.RULE) != rule.isPresent()) {
            throw new IllegalArgumentException("only a RULE assignment names a rule: " + source + " " + rule);
        }
    }

    public static SquadAssignment byRule(String squad, String pattern) {
        return new SquadAssignment(Optional.of(squad), Source.RULE, Optional.of(pattern));
    }

    public static SquadAssignment overridden(String squad) {
        return new SquadAssignment(Optional.of(squad), Source.OVERRIDE, Optional.empty());
    }

    public static SquadAssignment unowned() {
        return new SquadAssignment(Optional.empty(), Source.UNOWNED, Optional.empty());
    }

    /** Text for reports: {@code web-perf (rule lighthouse.*)}, {@code web-perf (override)}, {@code unowned}. */
    public String describe() {
        return switch (source) {
            case RULE -> squad.orElseThrow() + " (rule " + rule.orElseThrow() + ")";
            case OVERRIDE -> squad.orElseThrow() + " (override)";
            case UNOWNED -> "unowned";
        };
    }
}
