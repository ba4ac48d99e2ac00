package dev.perfguard.runbook.ci;

import java.util.Objects;
import java.util.Optional;

/** A stored CI build: its id, branch, commit and time (the file's {@code time}, else when first stored). */
public record CiBuild(String id, String branch, Optional<String> commit, long timeMs) {
    public CiBuild {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
    }
}
