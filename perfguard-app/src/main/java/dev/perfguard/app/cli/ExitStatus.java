package dev.perfguard.app.cli;

/**
 * The exit statuses of every perfguard command (the README's table lists them):
 * 0 success / no regression; 1 a regression or a broken expectation was found; 2 bad input, usage or
 * configuration; 3 the store or a remote system failed; 4 an internal error.
 */
public final class ExitStatus {
    public static final int OK = 0;
    public static final int REGRESSION = 1;
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 3;
    public static final int INTERNAL = 4;

    private ExitStatus() {}
}
