package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.app.cli.ExitStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    @Test
    void aCommandLineNamingOneCommandBuildsOnlyThatOne() {
        CommandLine cl = Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Run.bootstrap(Map.of()),
                new String[] {"lighthouse", "compare", "--help"});
        assertThat(cl.getSubcommands().keySet()).containsExactly("lighthouse");
    }

    @Test
    void anUnknownCommandStillGetsEveryCommandAndAUsageError() {
        StringWriter err = new StringWriter();
        String[] args = {"lighthous", "compare"};
        CommandLine cl = Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Run.bootstrap(Map.of()), args);
        assertThat(cl.getSubcommands().keySet()).contains("lighthouse", "check", "rag-eval", "series", "telemetry");
        assertThat(cl.execute(args)).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(err.toString()).contains("lighthous");
    }

    @Test
    void helpListsEveryCommand() {
        StringWriter out = new StringWriter();
        int exit = Cli.create(new PrintWriter(out, true), new PrintWriter(new StringWriter()), Run.bootstrap(Map.of()), new String[] {"--help"})
                .execute("--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("check", "lighthouse", "rag-eval", "series", "telemetry", "builds", "demo");
    }

    @Test
    void versionIsTheBuildsVersion() {
        Run r = Run.of("--version");
        assertThat(r.exit()).isZero();
        String expected = System.getProperty("perfguard.version");
        assertThat(expected).as("surefire passes the project version").isNotBlank();
        assertThat(r.out().strip()).matches("perfguard \\Q" + expected + "\\E( \\(commit [0-9a-f]{7,40}\\))?");
    }
}
