package dev.perfguard.core.incident;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Markdown text helpers: escaping for inline text and table cells, and Locale-free number formatting. */
final class Markdown {

    private Markdown() {}

    /** Text on one line: line breaks become spaces. */
    static String inline(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** Text inside a table cell: pipes escaped, line breaks as {@code <br>}. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>");
    }

    /** A Markdown link to a panel; brackets in the title and parentheses in the URL are escaped. */
    static String link(PanelLink panel) {
        String title = inline(panel.title()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
        String url = panel.url().toASCIIString().replace("(", "%28").replace(")", "%29");
        return "[" + title + "](" + url + ")";
    }

    /** A number with at most four decimals, no exponent, no trailing zeros, independent of the locale. */
    static String num(double value) {
        return num(value, 4);
    }

    /** A number with at most {@code decimals} decimals, no exponent, no trailing zeros, independent of the locale. */
    static String num(double value, int decimals) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.toPlainString();
    }

    /** Like {@link #num} with an explicit sign: {@code +12.5}, {@code -0.03}, {@code 0}. */
    static String signed(double value) {
        return signed(value, 4);
    }

    static String signed(double value, int decimals) {
        String text = num(value, decimals);
        return text.startsWith("-") || text.equals("0") ? text : "+" + text;
    }

    /**
     * The decimals a Lighthouse value is shown with to people: milliseconds one (Lighthouse measures
     * fractions of a millisecond no one acts on), the performance score two (its own steps are 0.01),
     * other unitless values (CLS) three, as Lighthouse's own report shows them.
     */
    static int lighthouseDecimals(String metric, String unit) {
        if (unit.equals("ms")) {
            return 1;
        }
        return metric.startsWith("lighthouse.score") ? 2 : 3;
    }
}
