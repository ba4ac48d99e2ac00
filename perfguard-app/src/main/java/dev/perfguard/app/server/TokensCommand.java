package dev.perfguard.app.server;

import dev.perfguard.app.ConfigOption;
import dev.perfguard.app.StoreOptions;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.Role;
import dev.perfguard.runbook.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code perfguard tokens}: API tokens, directly on the store (so the first admin token can be made). */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Creates, lists and revokes API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a token and prints it once.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--name", required = true, paramLabel = "N", description = "who or what uses the token") String name;
        @Option(names = "--role", required = true, paramLabel = "R", description = "viewer, responder or admin") String role;
        @Mixin ConfigOption config;
        @Mixin StoreOptions storeOptions;

        @Override
        public Integer call() {
            Role r = Role.fromWireName(role);
            Store store = Store.open(storeOptions.location(config.load()));
            ApiTokens.Created c = new ApiTokens(store, Clock.systemUTC()).create(name, r);
            PrintWriter out = spec.commandLine().getOut();
            out.println(c.token());
            out.flush();
            spec.commandLine().getErr().println("token for " + c.name() + " (" + c.role().wireName()
                    + ") printed once above; only its SHA-256 is stored");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;
        @Mixin StoreOptions storeOptions;

        @Override
        public Integer call() {
            Store store = Store.open(storeOptions.location(config.load()));
            PrintWriter out = spec.commandLine().getOut();
            for (ApiTokens.TokenInfo t : new ApiTokens(store, Clock.systemUTC()).list()) {
                out.println(t.name() + "\t" + t.role().wireName() + "\t" + t.createdAt()
                        + t.revokedAt().map(r -> "\trevoked " + r).orElse(""));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token by name.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @Mixin ConfigOption config;
        @Mixin StoreOptions storeOptions;

        @Override
        public Integer call() {
            new ApiTokens(Store.open(storeOptions.location(config.load())), Clock.systemUTC()).revoke(name);
            return 0;
        }
    }
}
