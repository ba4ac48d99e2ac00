package dev.perfguard.app.cli;

/**
 * The exit statuses of every perfguard command (the README's "Exit status" table lists them per command):
 * 0 success / checked and no regression; 1 a regression or a broken expectation was found; 2 bad input, usage
 * or configuration; 3 the store or a remote system failed; 4 an internal error; 5 inconclusive: a gate could
 * not reach a verdict (too few runs, no baseline, telemetry that could not be evaluated), see {@link FailOn}.
 */
public final class ExitStatus {
    public static final int OK = 0;
    public static final int REGRESSION = 1;
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 3;
    public static final int INTERNAL = 4;
    public static final int INCONCLUSIVE = 5;

    private ExitStatus() {}
}
