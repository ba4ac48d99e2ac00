package dev.perfguard.app.cli.series;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perfguard.app.cli.ExitStatus;
import dev.perfguard.app.cli.Progress;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.core.Direction;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.changepoint.ChangePoint;
import dev.perfguard.core.changepoint.ChangePointDetector;
import dev.perfguard.core.changepoint.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfguard series changepoints}: the scriptable entry point to change-point detection. */
@Command(
        name = "changepoints",
        mixinStandardHelpOptions = true,
        description = {
            "Finds the points where a series changed level (the first observation of each new segment).",
            "FILE is a CSV with a header (index,value or time,value) or one value per line; '-' reads stdin.",
            "Empty, NaN, NA or null values are missing and skipped."
        },
        footer = {"", "Exit status: 0 done (1 with --fail-on-regression when a regression is found); 2 bad input."})
final class ChangePointsCommand implements Callable<Integer> {

    enum Format { text, json }

    enum Better { lower, higher }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--better", defaultValue = "lower", paramLabel = "lower|higher",
            description = "which way the metric gets better, to label regressions (default: ${DEFAULT-VALUE})")
    Better better;

    @Option(names = "--min-effect", defaultValue = "0", paramLabel = "RATIO",
            description = "smallest relative change of the median to report, e.g. 0.05 for 5 %% (default: ${DEFAULT-VALUE})")
    double minEffect;

    @Option(names = "--fail-on-regression", description = "exit with status 1 when a change point is a regression")
    boolean failOnRegression;

    @Parameters(index = "0", paramLabel = "FILE", description = "the series file, or - for standard input")
    String file;

    private final ChangePointDetector detector = ChangePointDetector.defaults();
    private final Supplier<InputStream> stdin;
    private final Map<String, String> env;

    ChangePointsCommand(Bootstrap bootstrap) {
        this.stdin = bootstrap.stdin();
        this.env = bootstrap.env();
    }

    @Override
    public Integer call() throws IOException {
        if (!(minEffect >= 0) || Double.isInfinite(minEffect)) {
            throw new PerfguardException(ErrorCode.USAGE,
                    "--min-effect must be a finite number >= 0, was " + minEffect);
        }
        Direction direction = better == Better.lower ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
        SeriesFile series;
        List<ChangePoint> found;
        try (Progress progress = Progress.start(spec.commandLine().getErr(), "series changepoints", env)) {
            progress.step("reading " + (file.equals("-") ? "<stdin>" : file));
            series = read();
            progress.step("looking for change points in " + series.values().length + " values");
            found = detector.detect(series.values(), direction, minEffect);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(series, found));
        } else {
            text(out, series, found, direction);
        }
        out.flush();
        boolean regression = found.stream().anyMatch(c -> c.kind() == ChangePoint.Kind.REGRESSION);
        return failOnRegression && regression ? ExitStatus.REGRESSION : ExitStatus.OK;
    }

    private SeriesFile read() throws IOException {
        if (file.equals("-")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin.get(), StandardCharsets.UTF_8));
            return SeriesFile.read("<stdin>", in);
        }
        Path path = Path.of(file);
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return SeriesFile.read(file, in);
        } catch (NoSuchFileException e) {
            throw PerfguardException.badInput(file + ": no such file");
        } catch (MalformedInputException e) {
            throw PerfguardException.badInput(file + ": not UTF-8 text", e);
        } catch (UncheckedIOException | IOException e) {
            if (e instanceof PerfguardException) {
                throw e;
            }
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static String json(SeriesFile series, List<ChangePoint> found) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode cps = root.putArray("changePoints");
        for (ChangePoint cp : found) {
            ObjectNode o = cps.addObject();
            o.put("index", cp.index());
            if (series.labels() != null) {
                o.put("label", series.label(cp.index()));
            }
            o.put("kind", cp.kind().name().toLowerCase(Locale.ROOT));
            level(o.putObject("before"), cp.before());
            level(o.putObject("after"), cp.after());
            if (Double.isFinite(cp.change())) {
                o.put("change", cp.change());
            } else {
                o.putNull("change");
            }
            o.put("confidence", cp.confidence());
            o.put("pValue", cp.pValue());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void level(ObjectNode o, Level level) {
        o.put("count", level.count());
        o.put("median", level.median());
        o.put("mean", level.mean());
    }

    private static void text(PrintWriter out, SeriesFile series, List<ChangePoint> found, Direction direction) {
        int n = series.values().length;
        out.printf(Locale.ROOT, "%s: %d value%s (%d missing), %s is better: %d change point%s%n", series.source(), n,
                n == 1 ? "" : "s", series.missing(), direction == Direction.LOWER_IS_BETTER ? "lower" : "higher",
                found.size(), found.size() == 1 ? "" : "s");
        if (found.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%-8s %-20s %-12s %14s %14s %9s %11s%n", "index", "label", "kind", "median before",
                "median after", "change", "confidence");
        for (ChangePoint cp : found) {
            String change = Double.isFinite(cp.change())
                    ? String.format(Locale.ROOT, "%+.1f%%", 100 * cp.change()) : "n/a";
            out.printf(Locale.ROOT, "%-8d %-20s %-12s %14s %14s %9s %11s%n", cp.index(), series.label(cp.index()),
                    cp.kind().name().toLowerCase(Locale.ROOT), number(cp.before().median()), number(cp.after().median()),
                    change, confidence(cp.pValue()));
        }
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1e6 || (v != 0 && Math.abs(v) < 1e-3) ? "%.4g" : "%.4f", v)
                .replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String confidence(double p) {
        if (p < 1e-4) {
            return "> 99.99%";
        }
        return String.format(Locale.ROOT, "%.2f%%", 100 * (1 - p));
    }
}
