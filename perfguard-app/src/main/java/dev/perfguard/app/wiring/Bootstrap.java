package dev.perfguard.app.wiring;

import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.runbook.store.Store;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one perfguard process starts from: its environment variables (secrets are read from here, never
 * from {@code System.getenv}), its clock and its standard input. Every command gets it through its
 * constructor; {@link #perfguard} then builds the composition root once the command has read its
 * {@code --config} and store options.
 */
public record Bootstrap(Map<String, String> env, Clock clock, Supplier<InputStream> stdin) {
    public Bootstrap {
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stdin, "stdin");
    }

    /** The process's own: {@code System.getenv()}, the UTC system clock, {@code System.in}. */
    public static Bootstrap system() {
        return new Bootstrap(System.getenv(), Clock.systemUTC(), () -> System.in);
    }

    /** The composition root over {@code config} and the store at {@code store}, sized for {@code use}. */
    public Perfguard perfguard(PerfguardConfig config, Store.Location store, Perfguard.Use use) {
        return new Perfguard(config, Optional.of(store), use, env, clock);
    }

    /** The composition root over {@code config} for a command that needs no store. */
    public Perfguard perfguard(PerfguardConfig config) {
        return new Perfguard(config, Optional.empty(), Perfguard.Use.COMMAND, env, clock);
    }
}
