package dev.perfguard.runbook.builds;

import dev.perfguard.core.lighthouse.LighthouseRun;
import java.util.Objects;

/** A run to store, keyed by the SHA-256 of its LHR file so that storing it twice is harmless. */
public record StoredRun(String key, LighthouseRun run) {
    public StoredRun {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(run, "run");
        if (!key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("run key must be a hex SHA-256, was " + key);
        }
    }
}
