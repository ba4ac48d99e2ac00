package dev.perfguard.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --fail-on}, shared by the gate commands: which verdicts fail the command. By default an inconclusive
 * verdict exits {@link ExitStatus#INCONCLUSIVE}, never 0, because a gate that checked nothing has not passed;
 * {@code --fail-on regression} lets it exit 0 with a warning on stderr (a first build, say, that has no
 * baseline yet). A regression exits {@link ExitStatus#REGRESSION} either way.
 */
public final class FailOn {
    public enum Level { regression, inconclusive }

    @Option(names = "--fail-on", defaultValue = "inconclusive", paramLabel = "regression|inconclusive",
            description = "inconclusive (default): exit 5 when no verdict could be reached, 1 on a regression; "
                    + "regression: only a regression fails, an inconclusive result exits 0 with a warning")
    Level level = Level.inconclusive;

    /**
     * The exit status of {@code verdict}; an inconclusive one is explained on {@code err} with {@code why} (what
     * could not be checked) whichever way it goes.
     */
    public int exitStatus(GateVerdict verdict, String why, PrintWriter err) {
        if (verdict != GateVerdict.INCONCLUSIVE) {
            return verdict.exitStatus();
        }
        if (level == Level.inconclusive) {
            err.println("perfguard: inconclusive (exit " + ExitStatus.INCONCLUSIVE + "): " + why
                    + "; --fail-on regression accepts an inconclusive result");
            err.flush();
            return ExitStatus.INCONCLUSIVE;
        }
        err.println("perfguard: warning: inconclusive, accepted by --fail-on regression: " + why);
        err.flush();
        return ExitStatus.OK;
    }
}
