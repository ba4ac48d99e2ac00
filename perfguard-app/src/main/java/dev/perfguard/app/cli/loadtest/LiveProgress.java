package dev.perfguard.app.cli.loadtest;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.signals.loadtest.LoadGenerator;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;

/**
 * The live line of {@code loadtest run} on standard error: rate, p50/p95/p99 so far (from the intended
 * start), errors, dropped iterations and time left (the last line: the mean rate of the whole run). Shown on a terminal, rewritten in place; with
 * {@code PERFGUARD_PROGRESS=always} also when standard error is not a terminal (then one line every five
 * seconds); never with {@code PERFGUARD_PROGRESS=never}. Standard output carries only the summary.
 */
final class LiveProgress implements LoadGenerator.Listener {
    private final PrintWriter err;
    private final boolean terminal;

    private LiveProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** The listener for {@code env}, or null when no line is to be shown. */
    static LiveProgress of(PrintWriter err, Map<String, String> env) {
        String when = env.getOrDefault("PERFGUARD_PROGRESS", "auto").strip().toLowerCase(Locale.ROOT);
        return switch (when) {
            case "auto", "" -> onTerminal() ? new LiveProgress(err, true) : null;
            case "always" -> new LiveProgress(err, onTerminal());
            case "never" -> null;
            default -> throw PerfguardException.badInput("environment variable PERFGUARD_PROGRESS: expected auto, always or never, was '"
                    + env.get("PERFGUARD_PROGRESS") + "'");
        };
    }

    /** A console that is a terminal: since JDK 22 {@code System.console()} exists when redirected too, so ask it. */
    private static boolean onTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static String line(LoadGenerator.Progress p) {
        return String.format(Locale.ROOT, "loadtest: %5.0f req/s  p50 %s  p95 %s  p99 %s  errors %d  dropped %d  %s",
                p.done() && p.elapsedSeconds() > 0 ? p.completed() / p.elapsedSeconds() : p.rate(), ms(p.p50Ms()), ms(p.p95Ms()), ms(p.p99Ms()), p.failed(), p.dropped(),
                p.done() ? "done" : String.format(Locale.ROOT, "%.0f s left", Math.max(0, p.plannedSeconds() - p.elapsedSeconds())));
    }

    private static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.2f ms", v);
    }

    @Override
    public void progress(LoadGenerator.Progress p) {
        synchronized (err) {
            if (terminal) {
                err.print("\r\033[K" + line(p) + (p.done() ? "\n" : ""));
            } else if (p.done() || Math.round(p.elapsedSeconds()) % 5 == 0) {
                err.println(line(p));
            }
            err.flush();
        }
    }
}
