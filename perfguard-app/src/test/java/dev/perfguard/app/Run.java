package dev.perfguard.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process and captures what it printed. */
record Run(int exit, String out, String err) {
    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), Map.of()).execute(args);
        return new Run(exit, out.toString(), err.toString());
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
