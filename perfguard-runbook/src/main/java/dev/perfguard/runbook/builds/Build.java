package dev.perfguard.runbook.builds;

import java.util.Objects;
import java.util.Optional;

/** A stored build: its id as CI names it, its branch, its commit, and when it was first stored. */
public record Build(String id, String branch, Optional<String> commit, long createdMs) {
    public Build {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
    }
}
