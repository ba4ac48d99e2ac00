package dev.perfguard.app.cli.series;

import dev.perfguard.core.PerfguardException;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A metric series read from text: a CSV with a header ({@code index,value}, {@code time,value} or
 * any name for the first column and {@code value} for the second) or one value per line. Blank
 * lines and lines starting with {@code #} are skipped; an empty value, {@code NaN}, {@code NA} or
 * {@code null} is a missing observation. Rows stay in file order.
 *
 * @param source the name used in messages (the file name, or {@code <stdin>})
 * @param values the values in order, {@code NaN} where missing
 * @param labels the first CSV column of each row, or {@code null} for one value per line
 */
record SeriesFile(String source, double[] values, List<String> labels) {

    static SeriesFile read(String source, BufferedReader in) throws IOException {
        List<Double> values = new ArrayList<>();
        List<String> labels = null;
        String line;
        int lineNo = 0;
        boolean first = true;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (first) {
                first = false;
                if (text.indexOf(',') >= 0) {
                    labels = new ArrayList<>();
                    String[] header = text.split(",", -1);
                    if (header.length != 2) {
                        throw bad(source, lineNo, "the CSV header must have two columns (index,value or time,value), found "
                                + header.length + ": '" + text + "'");
                    }
                    if (header[1].strip().equalsIgnoreCase("value")) {
                        continue;
                    }
                    if (parse(header[1], source, lineNo, false) == null) {
                        throw bad(source, lineNo, "the CSV header's second column must be 'value', found '"
                                + header[1].strip() + "'");
                    }
                    // no header: the first line is already data
                }
            }
            if (labels != null) {
                String[] cells = text.split(",", -1);
                if (cells.length != 2) {
                    throw bad(source, lineNo, "expected two columns like the header, found " + cells.length + ": '" + text + "'");
                }
                labels.add(cells[0].strip());
                values.add(parse(cells[1], source, lineNo, true));
            } else {
                if (text.indexOf(',') >= 0) {
                    throw bad(source, lineNo, "expected one value per line, found '" + text + "'");
                }
                values.add(parse(text, source, lineNo, true));
            }
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new SeriesFile(source, v, labels == null ? null : List.copyOf(labels));
    }

    /** The value of a cell; {@code null} if it is not a number and {@code strict} is false. */
    private static Double parse(String cell, String source, int lineNo, boolean strict) {
        String t = cell.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || lower.equals("nan") || lower.equals("na") || lower.equals("null")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(t);
            if (Double.isInfinite(d)) {
                throw bad(source, lineNo, "value '" + t + "' is not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            if (!strict) {
                return null;
            }
            throw bad(source, lineNo, "value '" + t + "' is not a number (expected a decimal such as 1234.5, or empty/NaN for a missing value)");
        }
    }

    private static PerfguardException bad(String source, int line, String message) {
        return PerfguardException.badInput(source + ":" + line + ": " + message);
    }

    /** The label of position {@code i}: the CSV's first column, or the position itself. */
    String label(int i) {
        return labels == null ? Integer.toString(i) : labels.get(i);
    }

    int missing() {
        int m = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                m++;
            }
        }
        return m;
    }
}
