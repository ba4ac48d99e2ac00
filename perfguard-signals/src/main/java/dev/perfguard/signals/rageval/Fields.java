package dev.perfguard.signals.rageval;

/**
 * Splits one line of bytes into fields separated by runs of blanks (space, tab, CR), reusing its
 * arrays; used by the whitespace- and tab-separated readers.
 */
final class Fields {
    final int[] start;
    final int[] end;
    int count;

    Fields(int max) {
        start = new int[max];
        end = new int[max];
    }

    /** Splits b[from, to) on blanks, keeping at most the first {@code start.length} fields. */
    Fields split(byte[] b, int from, int to) {
        count = 0;
        int i = from;
        while (true) {
            while (i < to && isBlank(b[i])) {
                i++;
            }
            if (i >= to || count == start.length) {
                return this;
            }
            start[count] = i;
            while (i < to && !isBlank(b[i])) {
                i++;
            }
            end[count++] = i;
        }
    }

    /** Splits b[from, to) on single tabs (empty fields kept), dropping a trailing CR. */
    Fields splitTabs(byte[] b, int from, int to) {
        count = 0;
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        int i = from;
        while (count < start.length) {
            start[count] = i;
            while (i < to && b[i] != '\t') {
                i++;
            }
            end[count++] = i;
            if (i >= to) {
                return this;
            }
            i++;
        }
        return this;
    }

    static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }

    String string(byte[] b, int field) {
        return new String(b, start[field], end[field] - start[field], java.nio.charset.StandardCharsets.UTF_8);
    }
}
