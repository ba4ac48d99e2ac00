package dev.perfguard.app.cli.store;

import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.config.StoreOptions;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that works directly on the store named by {@code --config}, {@code --db} or {@code --jdbc}. */
abstract class OnStore implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec CommandSpec spec;
    @Mixin ConfigOption config;
    @Mixin StoreOptions storeOptions;

    OnStore(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public final Integer call() {
        PerfguardConfig cfg = config.load();
        try (Perfguard perfguard = bootstrap.perfguard(cfg, storeOptions.location(cfg), Perfguard.Use.COMMAND)) {
            run(perfguard, spec.commandLine().getOut());
            out().flush();
            return 0;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    abstract void run(Perfguard perfguard, PrintWriter out);
}
