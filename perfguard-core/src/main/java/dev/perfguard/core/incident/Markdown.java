package dev.perfguard.core.incident;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Markdown text helpers: escaping for inline text and table cells, and Locale-free number formatting.
 *
 * <p>User text (root causes, notes, names, titles, metric names from reports) goes through {@link #text},
 * {@link #block} or {@link #code} before it is put into Markdown: raw HTML ({@code <img onerror=...>}, an
 * HTML comment such as a lessons marker) becomes entities, and link, image, emphasis and code syntax is
 * escaped, so the text shows as it was written and cannot add markup, headings or markers.
 */
final class Markdown {

    private Markdown() {}

    /**
     * User text on one line, escaped: {@code &}, {@code <}, {@code >} as entities; {@code \}, {@code `},
     * {@code *}, {@code [}, {@code ]}, {@code ~} and {@code _} (unless inside a word, where it cannot emphasise)
     * with a backslash.
     */
    static String text(String text) {
        String s = inline(text);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '`', '*', '[', ']', '~' -> out.append('\\').append(c);
                case '_' -> {
                    boolean inWord = i > 0 && i < s.length() - 1 && Character.isLetterOrDigit(s.charAt(i - 1))
                            && Character.isLetterOrDigit(s.charAt(i + 1));
                    out.append(inWord ? "_" : "\\_");
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * User text of several lines as paragraphs: each line as {@link #text}, with {@code |} escaped and a
     * backslash before what would start a heading, list, quote or rule.
     */
    static String block(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\r\n|\n|\r", -1)) {
            String escaped = text(line).replace("|", "\\|");
            String body = escaped.stripLeading();
            String indent = escaped.substring(0, escaped.length() - body.length());
            if (!body.isEmpty() && "#-+=".indexOf(body.charAt(0)) >= 0) {
                body = "\\" + body;
            } else {
                int digits = 0;
                while (digits < body.length() && Character.isDigit(body.charAt(digits))) {
                    digits++;
                }
                if (digits > 0 && digits < body.length() && (body.charAt(digits) == '.' || body.charAt(digits) == ')')) {
                    body = body.substring(0, digits) + "\\" + body.substring(digits);
                }
            }
            out.append(out.isEmpty() ? "" : "\n").append(indent).append(body);
        }
        return out.toString();
    }

    /** User text as an inline code span, fenced with more backticks than it holds (HTML is not read inside one). */
    static String code(String text) {
        String s = inline(text);
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
        return fence + pad + s + pad + fence;
    }

    /** Markdown written by a person (an edited summary timeline): kept as it is, but raw HTML cannot open. */
    static String authored(String markdown) {
        return markdown.replace("<", "&lt;");
    }

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
        String title = text(panel.title());
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
