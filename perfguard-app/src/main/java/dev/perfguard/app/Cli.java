package dev.perfguard.app;

import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.cli.ingest.IngestCommand;
import dev.perfguard.app.cli.lighthouse.CheckCommand;
import dev.perfguard.app.cli.lighthouse.LighthouseCommand;
import dev.perfguard.app.cli.loadtest.LoadtestCommand;
import dev.perfguard.app.cli.rageval.RagEvalCommand;
import dev.perfguard.app.cli.series.SeriesCommand;
import dev.perfguard.app.cli.serve.DemoCommand;
import dev.perfguard.app.cli.serve.ServeCommand;
import dev.perfguard.app.cli.store.BuildsCommand;
import dev.perfguard.app.cli.store.OutboxCommand;
import dev.perfguard.app.cli.store.TokensCommand;
import dev.perfguard.app.cli.telemetry.TelemetryCommand;
import dev.perfguard.app.client.IncidentCommand;
import dev.perfguard.app.target.DemoTargetCommand;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: every command, built by its constructor with the process's {@link Bootstrap}, and the
 * one mapping from failures to exit statuses ({@link ExitStatus}).
 *
 * <p>A command line naming one command builds only that one: picocli reads each command's annotations
 * when it is added, which for every command together costs a short command much of its start-up.
 */
public final class Cli {
    /** Every top-level command by name, in the order {@code --help} lists them. */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private Cli() {}

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> c = new LinkedHashMap<>();
        c.put("demo", DemoCommand.class);
        c.put("check", CheckCommand.class);
        c.put("ingest", IngestCommand.class);
        c.put("lighthouse", LighthouseCommand.class);
        c.put("builds", BuildsCommand.class);
        c.put("rag-eval", RagEvalCommand.class);
        c.put("series", SeriesCommand.class);
        c.put("telemetry", TelemetryCommand.class);
        c.put("loadtest", LoadtestCommand.class);
        c.put("serve", ServeCommand.class);
        c.put("tokens", TokensCommand.class);
        c.put("incident", IncidentCommand.class);
        c.put("outbox", OutboxCommand.class);
        c.put("demo-target", DemoTargetCommand.class);
        return c;
    }

    @Command(name = "perfguard", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Catches performance discrepancies and runs the response to them.")
    static final class Root implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /**
     * The command line for {@code args}: only the command they name when they name a known one; none for
     * {@code --version}; else every command (for {@code --help} and the usage error of an unknown one).
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, Bootstrap bootstrap, String[] args) {
        Optional<String> first = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .filter(COMMANDS::containsKey);
        boolean versionOnly = args.length > 0 && Arrays.stream(args).allMatch(a -> a.equals("--version") || a.equals("-V"));
        Factory factory = new Factory(bootstrap);
        CommandLine cl = new CommandLine(new Root(), factory);
        COMMANDS.forEach((name, type) -> {
            if (!versionOnly && (first.isEmpty() || first.get().equals(name))) {
                cl.addSubcommand(name, new CommandLine(type, factory));
            }
        });
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("perfguard: " + describe(ex));
            commandLine.getErr().flush();
            return exitStatus(ex);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("perfguard: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return ExitStatus.BAD_INPUT;
        });
        return cl;
    }

    /** The exit status of a failure: bad input 2, a failing store or remote system 3, anything else 4. */
    static int exitStatus(Throwable ex) {
        if (ex instanceof PerfguardException pe) {
            return switch (pe.code()) {
                case BAD_INPUT, USAGE, CONFIG, NOT_FOUND -> ExitStatus.BAD_INPUT;
                case STORE, REMOTE, CONFLICT -> ExitStatus.FAILURE;
                case INTERNAL -> ExitStatus.INTERNAL;
            };
        }
        return ExitStatus.INTERNAL;
    }

    private static String describe(Throwable ex) {
        if (ex instanceof PerfguardException pe) {
            return pe.code() == ErrorCode.INTERNAL ? "internal error: " + pe.getMessage() : pe.getMessage();
        }
        return "internal error: " + ex;
    }

    /**
     * Builds commands, subcommands and mixins: by a constructor taking the {@link Bootstrap} when the class
     * declares one, otherwise as picocli does (the no-argument constructor).
     */
    static final class Factory implements CommandLine.IFactory {
        private final Bootstrap bootstrap;

        Factory(Bootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> withBootstrap;
            try {
                withBootstrap = type.getDeclaredConstructor(Bootstrap.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            withBootstrap.setAccessible(true);
            return withBootstrap.newInstance(bootstrap);
        }
    }

    /** The version the build wrote into {@code version.properties}: the Maven project's, and the git commit when known. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new PerfguardException(ErrorCode.INTERNAL, "version.properties unreadable: " + e.getMessage(), e);
            }
            String version = built(p.getProperty("version")).orElse("(version unknown: built without Maven)");
            String commit = built(p.getProperty("commit")).map(c -> " (commit " + c + ")").orElse("");
            return new String[] {"perfguard " + version + commit};
        }

        /** A value the build filled in: not empty and not the placeholder left when filtering did not run. */
        private static Optional<String> built(String value) {
            return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty() && !v.startsWith("${"));
        }
    }
}
