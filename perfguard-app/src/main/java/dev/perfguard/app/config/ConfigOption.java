package dev.perfguard.app.config;

import dev.perfguard.app.config.ConfigLoader;
import dev.perfguard.app.config.PerfguardConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}; without it, {@code ./perfguard.yaml} when present, else the defaults. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", description = "perfguard.yaml to use (default: ./perfguard.yaml if present)")
    Path file;

    public PerfguardConfig load() {
        return new ConfigLoader().load(file);
    }
}
