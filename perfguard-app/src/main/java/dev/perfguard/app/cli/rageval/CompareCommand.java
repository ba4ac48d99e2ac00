package dev.perfguard.app.cli.rageval;

import dev.perfguard.app.cli.FailOn;
import dev.perfguard.app.cli.ReportTo;
import dev.perfguard.app.config.ConfigOption;
import dev.perfguard.app.config.PanelSettings;
import dev.perfguard.app.config.PerfguardConfig;
import dev.perfguard.app.slot.RetrievalCheck;
import dev.perfguard.app.wiring.Bootstrap;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.incident.Discrepancy;
import dev.perfguard.core.rageval.CFormat;
import dev.perfguard.core.rageval.Comparison;
import dev.perfguard.core.rageval.DropRule;
import dev.perfguard.core.rageval.EvalOptions;
import dev.perfguard.core.rageval.Evaluation;
import dev.perfguard.core.rageval.MeasureComparison;
import dev.perfguard.core.rageval.MeasureSet;
import dev.perfguard.core.rageval.Qrels;
import dev.perfguard.core.rageval.RagDiscrepancies;
import dev.perfguard.signals.rageval.QrelsReader;
import dev.perfguard.signals.rageval.RunReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code perfguard rag-eval compare}: per measure the means before and after, the delta, paired
 * t-test and randomization test p-values, wins/ties/losses and failing query IDs; exit 1 when an
 * {@code --expect} rule breaks or, without {@code --expect}, when the {@link DropRule} finds a measure's mean
 * dropped significantly (5 when it dropped without significance).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares two runs over the same qrels, query by query, with significance tests.",
                "Without --expect, a mean that dropped by more than --min-effect with p(rand) < --alpha is a regression.",
                "Exit 0: no regression; 1: a broken expectation or a significant drop; 2: bad input or usage (an empty run",
                "or qrels file); 4: internal error; 5: inconclusive, a drop beyond --min-effect not significant (see --fail-on)."})
final class CompareCommand implements Callable<Integer> {
    enum Format { text, markdown, json }

    /** The time a rag panel shows when a comparison is reported: the runs carry no times, so the day before. */
    static final Duration PANEL_RANGE = Duration.ofDays(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "Qrels: TREC, JSON Lines (.jsonl) or BEIR TSV (.tsv).")
    Path qrels;

    @Option(names = "--before", required = true, paramLabel = "RUN", description = "The baseline run.")
    Path before;

    @Option(names = "--after", required = true, paramLabel = "RUN", description = "The candidate run.")
    Path after;

    @CommandLine.Mixin
    EvalFlags flags = new EvalFlags();

    @Option(names = "--max-drop", defaultValue = "0.1", paramLabel = "D",
            description = "A query fails on a measure when it drops by more than D (default: ${DEFAULT-VALUE}).")
    double maxDrop;

    @Option(names = "--expect", paramLabel = "RULE",
            description = "MEASURE:max_drop=D, MEASURE:min=V or MEASURE:max_failing=N; repeatable. Exit 1 when one breaks."
                    + " The rules replace the drop rule.")
    List<String> expect = new ArrayList<>();

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A",
            description = "Drop rule: significance level of the randomization test (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-effect", defaultValue = "0.01", paramLabel = "D",
            description = "Drop rule: smallest drop of a measure's mean that counts (default: ${DEFAULT-VALUE}).")
    double minEffect;

    @Option(names = "--no-drop-rule", description = "Without --expect, report only: judge no measure by the drop rule.")
    boolean noDropRule;

    @CommandLine.Mixin
    FailOn failOn;

    @Option(names = "--permutations", defaultValue = "10000", description = "Randomization test permutations (default: ${DEFAULT-VALUE}).")
    int permutations;

    @Option(names = "--seed", defaultValue = "24301", description = "Randomization test seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text (default), markdown or json.")
    Format format;

    @CommandLine.Mixin
    ReportTo reportTo;

    @CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "The dataset's name in the incident's evidence (default: the qrels file's name without extension).")
    String dataset;

    private final Bootstrap bootstrap;

    CompareCommand(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public Integer call() {
        if (!(maxDrop >= 0) || permutations < 1) {
            throw PerfguardException.badInput("--max-drop must be >= 0 and --permutations >= 1");
        }
        if (!(alpha > 0 && alpha < 1) || !(minEffect >= 0) || Double.isInfinite(minEffect)) {
            throw PerfguardException.badInput("--alpha must be between 0 and 1 (exclusive) and --min-effect a finite number >= 0");
        }
        List<MeasureExpectation> rules = expect.stream().map(MeasureExpectation::parse).toList();
        MeasureSet measures = flags.measureSet(RetrievalCheck.DEFAULT_MEASURES);
        EvalOptions opt = flags.options();
        Qrels q = QrelsReader.readFile(qrels);
        Evaluation b = RunReader.evaluateFile(before, q, measures, opt);
        Evaluation a = RunReader.evaluateFile(after, q, measures, opt);
        List<MeasureComparison> cmp = Comparison.compare(b, a, maxDrop, permutations, seed);
        Map<String, MeasureComparison> byName = new LinkedHashMap<>();
        cmp.forEach(c -> byName.put(c.measure(), c));
        List<String> broken = new ArrayList<>();
        Set<String> regressed = new LinkedHashSet<>();
        for (MeasureExpectation r : rules) {
            MeasureComparison c = byName.get(r.measure());
            if (c == null) {
                throw PerfguardException.badInput("--expect " + r.describe() + ": measure '" + r.measure()
                        + "' is not compared; compared: " + String.join(", ", byName.keySet()));
            }
            if (!r.holds(c)) {
                regressed.add(c.measure());
                broken.add(r.describe() + String.format(Locale.ROOT, " (before %s, after %s, %d failing)",
                        CFormat.fixed(c.before(), 4, 0), CFormat.fixed(c.after(), 4, 0), c.failing().size()));
            }
        }
        Optional<DropRule> dropRule = rules.isEmpty() && !noDropRule ? Optional.of(new DropRule(alpha, minEffect)) : Optional.empty();
        List<String> inconclusive = new ArrayList<>();
        if (dropRule.isPresent()) {
            DropRule.Findings f = dropRule.get().judge(cmp);
            broken.addAll(f.regressions());
            regressed.addAll(f.regressedMeasures());
            inconclusive.addAll(f.inconclusive());
        }
        CompareVerdict v = new CompareVerdict(dropRule, rules.size(), broken, inconclusive);
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case text -> CompareReport.text(b, a, cmp, maxDrop, v, permutations);
            case markdown -> CompareReport.markdown(b, a, cmp, maxDrop, v, permutations);
            case json -> CompareReport.json(b, a, cmp, maxDrop, rules, v, permutations, seed);
        });
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (reportTo.requested()) {
            PerfguardConfig cfg = config.load();
            Instant now = bootstrap.clock().instant();
            List<Discrepancy> ds = PanelSettings.catalog(cfg.panels()).linked(
                    RagDiscrepancies.of(cmp, regressed, datasetName(), List.of(), now), now.minus(PANEL_RANGE), now);
            reportTo.report(cfg.service(), ds, "perfguard-rag-eval", bootstrap.env(), err);
        }
        if (!v.checked()) {
            err.println("perfguard: nothing checked (no --expect and --no-drop-rule): a report only");
            err.flush();
        }
        return failOn.exitStatus(v.gate(), inconclusive.isEmpty() ? "" : inconclusive.size()
                + " measure(s) dropped beyond --min-effect without significance, first " + inconclusive.getFirst(), err);
    }

    /** {@code --dataset}, else the qrels file's name without its extensions ({@code cranfield.qrels.gz}: {@code cranfield}). */
    private String datasetName() {
        if (dataset != null) {
            return dataset;
        }
        String name = qrels.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
