package dev.perfguard.app;

import dev.perfguard.app.wiring.Bootstrap;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Runs the CLI in-process and captures what it printed. */
public record Run(int exit, String out, String err) {
    public static Run of(String... args) {
        return with(Map.of(), args);
    }

    /** Runs with {@code env} as the process environment. */
    public static Run with(Map<String, String> env, String... args) {
        return with(bootstrap(env), args);
    }

    public static Run with(Bootstrap bootstrap, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), bootstrap, args).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The whole command line (every command) writing to {@code out} and {@code err}. */
    public static CommandLine cli(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return Cli.create(out, err, bootstrap(env), new String[0]);
    }

    public static Bootstrap bootstrap(Map<String, String> env) {
        return bootstrap(env, Clock.systemUTC());
    }

    public static Bootstrap bootstrap(Map<String, String> env, Clock clock) {
        return new Bootstrap(env, clock, () -> new ByteArrayInputStream(new byte[0]));
    }

    public static Bootstrap bootstrap(Supplier<InputStream> stdin) {
        return new Bootstrap(Map.of(), Clock.systemUTC(), stdin);
    }

    static Path fixtures() {
        String p = System.getProperty("perfguard.fixtures");
        return Path.of(p != null ? p : "../../shared/fixtures").toAbsolutePath().normalize();
    }

    static String lighthouse(String preset, String variant) {
        return fixtures().resolve("lighthouse/13.5.0").resolve(preset).resolve(variant).toString();
    }

    /** The output with the machine-specific fixture folder replaced, for golden comparisons. */
    String outPortable() {
        return out.replace(fixtures().toString(), "<fixtures>");
    }
}
