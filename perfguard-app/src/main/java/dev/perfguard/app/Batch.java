package dev.perfguard.app;

import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.wiring.Bootstrap;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several perfguard command lines in one JVM, one after the other, their output discarded:
 * {@code java -cp perfguard.jar dev.perfguard.app.Batch ARGS... -- ARGS... -- ...}. The launcher trains its
 * start-up cache on such a batch, since a cache is made from one JVM's run and a profile's commands
 * (compare, telemetry check, rag-eval) share it. Exits 0 when every command line ran, whatever it found;
 * 4 when one failed internally (as {@link Main} would).
 */
public final class Batch {
    private Batch() {}

    public static void main(String[] args) {
        PrintWriter none = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int worst = 0;
        for (String[] line : split(args)) {
            int status = Cli.create(none, err, Bootstrap.system(), line).execute(line);
            worst = status == ExitStatus.INTERNAL ? ExitStatus.INTERNAL : worst;
        }
        System.exit(worst);
    }

    static List<String[]> split(String[] args) {
        List<String[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals("--")) {
                if (i > from) {
                    lines.add(Arrays.copyOfRange(args, from, i));
                }
                from = i + 1;
            }
        }
        return lines;
    }
}
