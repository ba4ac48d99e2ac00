package dev.perfguard.signals.lighthouse;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/fixtures (surefire passes it as the system property perfguard.fixtures). */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path root() {
        String p = System.getProperty("perfguard.fixtures");
        Path path = p != null ? Path.of(p) : Path.of("../../shared/fixtures");
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("shared fixtures not found at " + path.toAbsolutePath()
                    + " (set -Dperfguard.fixtures)");
        }
        return path.normalize();
    }

    static Path lighthouse(String preset, String variant) {
        return root().resolve("lighthouse/13.5.0").resolve(preset).resolve(variant);
    }
}
