package dev.perfguard.app.exposition;

import java.util.List;

/** Writes families and samples in either format; help texts and label values are escaped here. */
public final class Exposition {
    private final boolean openMetrics;
    private final StringBuilder text = new StringBuilder(8192);

    public Exposition(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** HELP and TYPE of a family; a counter's family name in OpenMetrics has no {@code _total}. */
    public void family(String name, String type, String help) {
        family(name, type, null, help);
    }

    /** HELP, TYPE and, in OpenMetrics, the UNIT when {@code unit} is not null. */
    public void family(String name, String type, String unit, String help) {
        String family = openMetrics && type.equals("counter") && name.endsWith("_total")
                ? name.substring(0, name.length() - "_total".length()) : name;
        text.append("# HELP ").append(family).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(family).append(' ').append(type).append('\n');
        if (openMetrics && unit != null) {
            text.append("# UNIT ").append(family).append(' ').append(unit).append('\n');
        }
    }

    /** One sample; {@code labels} alternate names and values. */
    public void sample(String name, double value, String... labels) {
        text.append(name);
        if (labels.length > 0) {
            text.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                text.append(i > 0 ? "," : "").append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            text.append('}');
        }
        text.append(' ').append(number(value)).append('\n');
    }

    /** The exposition, with OpenMetrics' closing {@code # EOF}. */
    public String end() {
        if (openMetrics) {
            text.append("# EOF\n");
        }
        return text.toString();
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Label-value lists in lexicographic order, element by element, so series are written in a stable order. */
    public static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
