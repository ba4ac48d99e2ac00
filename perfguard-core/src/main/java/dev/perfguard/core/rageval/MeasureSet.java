package dev.perfguard.core.rageval;

import dev.perfguard.core.PerfguardException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The measures requested with trec_eval's {@code -m} syntax: a name ({@code map}), a name with
 * parameters ({@code P.5,10}, {@code iprec_at_recall..25,.5}), or a set name ({@code all_trec},
 * {@code official}). Rank cutoffs are read like C's {@code atol} ({@code 23.4} is 23). Asking for
 * the same measure twice merges the parameters. The columns come out in trec_eval's order, with
 * parameters ascending.
 */
public final class MeasureSet {
    private static final List<Measure> OFFICIAL = List.of(Measure.RUNID, Measure.NUM_Q, Measure.NUM_RET,
            Measure.NUM_REL, Measure.NUM_REL_RET, Measure.MAP, Measure.GM_MAP, Measure.RPREC, Measure.BPREF,
            Measure.RECIP_RANK, Measure.IPREC_AT_RECALL, Measure.P);

    private final List<Column> columns;

    private MeasureSet(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Parses {@code -m} arguments as trec_eval 9.0.8 would. */
    public static MeasureSet parse(List<String> specs) {
        return parse(specs, TrecEvalVersion.V9_0_8);
    }

    /**
     * Parses {@code -m} arguments; an empty list gives trec_eval's default ("official") set, and
     * {@code all_trec} means that release's set.
     */
    public static MeasureSet parse(List<String> specs, TrecEvalVersion version) {
        Map<Measure, TreeSet<Double>> chosen = new EnumMap<>(Measure.class);
        Map<Measure, String> raw = new EnumMap<>(Measure.class);
        if (specs.isEmpty()) {
            OFFICIAL.forEach(m -> add(chosen, m, null));
        }
        for (String spec : specs) {
            if (spec.equals("all_trec")) {
                for (Measure m : Measure.values()) {
                    if (m.inAllTrec(version)) {
                        add(chosen, m, null);
                    }
                }
                continue;
            }
            if (spec.equals("official")) {
                OFFICIAL.forEach(m -> add(chosen, m, null));
                continue;
            }
            int dot = spec.indexOf('.');
            String name = dot < 0 ? spec : spec.substring(0, dot);
            Measure m = Measure.byTrecName(name);
            if (m == null) {
                throw PerfguardException.badInput("unknown measure '" + spec + "': perfguard implements "
                        + String.join(", ", names()) + ", all_trec and official");
            }
            if (dot < 0) {
                add(chosen, m, null);
                continue;
            }
            if (RAW_PARAMS.contains(m)) {
                // named by the raw parameter text; a later one replaces an earlier one, as in trec_eval
                String text = spec.substring(dot + 1);
                rawValues(m, spec, text);
                chosen.computeIfAbsent(m, k -> new TreeSet<>());
                raw.put(m, text);
                continue;
            }
            if (!m.hasParams()) {
                throw PerfguardException.badInput("measure '" + name + "' takes no parameters, got '" + spec + "'");
            }
            List<Double> params = parseParams(m, spec, spec.substring(dot + 1));
            if (m == Measure.RELSTRING) {
                // one length only: an explicit one replaces the default, as in trec_eval
                chosen.put(m, new TreeSet<>(List.of(params.get(params.size() - 1))));
                continue;
            }
            add(chosen, m, params);
        }
        List<Column> cols = new ArrayList<>();
        for (Map.Entry<Measure, TreeSet<Double>> e : chosen.entrySet()) {
            Measure m = e.getKey();
            if (raw.containsKey(m)) {
                cols.add(new Column(m, 0, m.trecName() + "_" + raw.get(m), rawValues(m, m.trecName(), raw.get(m))));
                continue;
            }
            if (!m.hasParams()) {
                cols.add(new Column(m, 0, m.trecName()));
                continue;
            }
            if (m == Measure.RELSTRING) {
                double len = e.getValue().first();
                cols.add(new Column(m, len, len == 10 && !explicitRelstring(specs) ? m.trecName()
                        : m.trecName() + "_" + (long) len));
                continue;
            }
            for (double p : e.getValue()) {
                String suffix = m.integerParams()
                        ? Long.toString((long) p)
                        : String.format(Locale.ROOT, "%3.2f", p);
                cols.add(new Column(m, p, m.trecName() + "_" + suffix));
            }
        }
        return new MeasureSet(cols);
    }

    private static final Set<Measure> RAW_PARAMS =
            EnumSet.of(Measure.UTILITY, Measure.ELEVEN_PT_AVG, Measure.NDCG);

    /**
     * utility: four coefficients; 11pt_avg: recall fractions (sorted); ndcg: {@code level=gain}
     * pairs, flattened to level, gain, level, gain.
     */
    private static List<Double> rawValues(Measure m, String spec, String text) {
        List<Double> out = new ArrayList<>();
        try {
            for (String part : text.split(",", -1)) {
                if (m == Measure.NDCG) {
                    int eq = part.indexOf('=');
                    String level = part.substring(0, eq);
                    int end = level.startsWith("-") ? 1 : 0;
                    while (end < level.length() && Character.isDigit(level.charAt(end))) {
                        end++;
                    }
                    out.add((double) Long.parseLong(level.substring(0, end)));
                    out.add(Double.parseDouble(part.substring(eq + 1)));
                } else {
                    out.add(Double.parseDouble(part));
                }
            }
        } catch (RuntimeException e) {
            throw PerfguardException.badInput("measure '" + spec + "': bad parameters '" + text + "' (expected "
                    + (m == Measure.NDCG ? "level=gain pairs" : "numbers") + ", comma-separated)");
        }
        if (m == Measure.UTILITY && out.size() != 4) {
            throw PerfguardException.badInput("measure '" + spec + "': utility takes exactly 4 coefficients");
        }
        if (m == Measure.ELEVEN_PT_AVG) {
            out.sort(null);
        }
        return out;
    }

    private static boolean explicitRelstring(List<String> specs) {
        return specs.stream().anyMatch(x -> x.startsWith("relstring."));
    }

    private static void add(Map<Measure, TreeSet<Double>> chosen, Measure m, List<Double> params) {
        TreeSet<Double> set = chosen.computeIfAbsent(m, k -> new TreeSet<>());
        if (m == Measure.RELSTRING && !set.isEmpty()) {
            return;
        }
        if (m.hasParams()) {
            set.addAll(params == null ? m.defaultParams() : params);
        }
    }

    private static List<Double> parseParams(Measure m, String spec, String text) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                if (m.integerParams()) {
                    int end = 0;
                    while (end < part.length() && Character.isDigit(part.charAt(end))) {
                        end++;
                    }
                    long v = Long.parseLong(part.substring(0, end));
                    if (v < 1) {
                        throw new NumberFormatException();
                    }
                    out.add((double) v);
                } else {
                    double v = Double.parseDouble(part);
                    if (!(v >= 0 && (v <= 1 || m == Measure.RPREC_MULT))) {
                        throw new NumberFormatException();
                    }
                    out.add(v);
                }
            } catch (NumberFormatException e) {
                throw PerfguardException.badInput("measure '" + spec + "': bad parameter '" + part + "' (expected "
                        + (m.integerParams() ? "a positive rank cutoff" : "a non-negative fraction") + ")");
            }
        }
        return out;
    }

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Measure m : Measure.values()) {
            out.add(m.trecName());
        }
        return out;
    }

    /** The output columns in trec_eval's order. */
    public List<Column> columns() {
        return columns;
    }

    /** The column with this printed name ({@code ndcg_cut_10}), or -1. */
    public int indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
