package dev.perfguard.app.cli;

import dev.perfguard.core.PerfguardException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Progress lines on standard error for work that can take a while, so a long run does not look hung;
 * standard output stays exactly what it would be without them. By default the lines start once the
 * work has taken {@link #AFTER} (a short command prints none); {@code PERFGUARD_PROGRESS=always} prints
 * them from the start, {@code never} not at all.
 */
public final class Progress implements AutoCloseable {
    /** How long work runs silently by default. */
    static final Duration AFTER = Duration.ofSeconds(1);
    static final String ENV = "PERFGUARD_PROGRESS";

    private final PrintWriter err;
    private final String command;
    private final long startNanos = System.nanoTime();
    private final Thread timer;
    private String step = "";
    private boolean shown;
    private boolean closed;

    private Progress(PrintWriter err, String command, boolean now, boolean never) {
        this.err = err;
        this.command = command;
        this.shown = now;
        this.closed = never;
        this.timer = now || never ? null : Thread.ofPlatform().daemon().name("perfguard-progress").start(this::showLater);
    }

    /** Progress of {@code command} (as named in the lines) on {@code err}, as {@code PERFGUARD_PROGRESS} in {@code env} asks. */
    public static Progress start(PrintWriter err, String command, Map<String, String> env) {
        String when = env.getOrDefault(ENV, "auto").strip().toLowerCase(Locale.ROOT);
        return switch (when) {
            case "auto", "" -> new Progress(err, command, false, false);
            case "always" -> new Progress(err, command, true, false);
            case "never" -> new Progress(err, command, false, true);
            default -> throw PerfguardException.badInput("environment variable " + ENV + ": expected auto, always or never, was '"
                    + env.get(ENV) + "'");
        };
    }

    /** The work now does {@code what}: printed at once when lines are shown, else remembered for the first line. */
    public synchronized void step(String what) {
        step = what;
        if (shown && !closed) {
            print(what + " ...");
        }
    }

    private void showLater() {
        try {
            Thread.sleep(AFTER);
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (!closed) {
                shown = true;
                print(step + " ...");
            }
        }
    }

    private void print(String line) {
        synchronized (err) {
            err.println(command + ": " + line);
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed && shown) {
            print(String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - startNanos) / 1e9));
        }
        closed = true;
        if (timer != null) {
            timer.interrupt();
        }
    }
}
