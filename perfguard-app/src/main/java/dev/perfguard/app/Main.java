package dev.perfguard.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code perfguard} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(Cli.create(out, err, System.getenv(), args).execute(args));
    }
}
