package dev.perfguard.app.cli.store;

import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.app.wiring.Perfguard;
import dev.perfguard.runbook.incident.ApiTokens;
import dev.perfguard.runbook.incident.Role;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
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
    static final class Create extends OnStore {
        @Option(names = "--name", required = true, paramLabel = "N", description = "who or what uses the token") String name;
        @Option(names = "--role", required = true, paramLabel = "R", description = "viewer, responder or admin") String role;

        Create(Bootstrap bootstrap) {
            super(bootstrap);
        }

        @Override
        void run(Perfguard perfguard, PrintWriter out) {
            ApiTokens tokens = perfguard.tokens();
            ApiTokens.Created c = tokens.create(name, Role.fromWireName(role));
            out.println(c.token());
            out.flush();
            spec.commandLine().getErr().println("token for " + c.name() + " (" + c.role().wireName()
                    + ") printed once above; only its SHA-256 is stored");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens (never their secrets).")
    static final class ListTokens extends OnStore {
        ListTokens(Bootstrap bootstrap) {
            super(bootstrap);
        }

        @Override
        void run(Perfguard perfguard, PrintWriter out) {
            ApiTokens tokens = perfguard.tokens();
            for (ApiTokens.TokenInfo t : tokens.list()) {
                out.println(t.name() + "\t" + t.role().wireName() + "\t" + t.createdAt()
                        + t.revokedAt().map(r -> "\trevoked " + r).orElse(""));
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token by name.")
    static final class Revoke extends OnStore {
        @Parameters(paramLabel = "NAME") String name;

        Revoke(Bootstrap bootstrap) {
            super(bootstrap);
        }

        @Override
        void run(Perfguard perfguard, PrintWriter out) {
            ApiTokens tokens = perfguard.tokens();
            tokens.revoke(name);
        }
    }
}
