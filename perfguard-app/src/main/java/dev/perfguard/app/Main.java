package dev.perfguard.app;

import dev.perfguard.app.wiring.Bootstrap;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code perfguard} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.create(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), Bootstrap.system(), args).execute(args));
    }
}
