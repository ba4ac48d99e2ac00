package dev.perfguard.core.incident;

import java.time.Instant;
import java.util.Objects;

/** A note about a recent deploy (what shipped, when, links), from the CLI or a file. */
public record DeployNote(String text, String author, Instant recordedAt) {
    public DeployNote {
        Checks.text(text, "deploy note", Checks.LONG);
        Checks.name(author, "author");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
