package dev.perfguard.core.incident;

/** A feature flag and its state at the time a hypothesis was recorded ({@code on}, {@code off}, {@code 25%}, ...). */
public record FlagState(String flag, String state) {
    public FlagState {
        Checks.name(flag, "flag name");
        Checks.name(state, "flag state");
    }
}
