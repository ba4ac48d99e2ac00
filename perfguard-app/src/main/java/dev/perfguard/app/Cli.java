package dev.perfguard.app;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The composition root of the command line: builds every command by its constructor and maps
 * failures to exit statuses, in this one place.
 *
 * <p>Exit statuses: 0 success / no regression; 1 a regression or broken expectation was found;
 * 2 bad input, usage or configuration; 3 the store or a remote system failed; 4 an internal error.
 */
public final class Cli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REGRESSION = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_FAILURE = 3;
    public static final int EXIT_INTERNAL = 4;

    private Cli() {}

    @Command(
            name = "perfguard",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = "Catches performance discrepancies and runs the response to them.",
            subcommandsRepeatable = false)
    static final class Root implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** Builds the command line with every command; {@code env} supplies environment variables (secrets). */
    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return create(out, err, env, java.util.Optional.empty());
    }

    /** Builds the command line for {@code args}: only the command they name, when they name one. */
    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env, String[] args) {
        java.util.Optional<String> first = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst();
        return create(out, err, env, first);
    }

    private static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env, java.util.Optional<String> only) {
        CommandLine cl = new CommandLine(new Root());
        Commands.register(cl, env, only);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("perfguard: " + describe(ex));
            commandLine.getErr().flush();
            return exitCode(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("perfguard: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof PerfguardException pe) {
            return switch (pe.code()) {
                case BAD_INPUT, USAGE, CONFIG, NOT_FOUND -> EXIT_BAD_INPUT;
                case STORE, REMOTE, CONFLICT -> EXIT_FAILURE;
                case INTERNAL -> EXIT_INTERNAL;
            };
        }
        return EXIT_INTERNAL;
    }

    private static String describe(Throwable ex) {
        if (ex instanceof PerfguardException pe) {
            return pe.code() == ErrorCode.INTERNAL ? "internal error: " + pe.getMessage() : pe.getMessage();
        }
        return "internal error: " + ex;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"perfguard " + (v == null ? "dev" : v)};
        }
    }
}
