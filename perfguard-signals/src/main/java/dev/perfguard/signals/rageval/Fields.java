package dev.perfguard.signals.rageval;

import java.nio.charset.StandardCharsets;

/**
 * Splits one line of bytes into fields separated by runs of blanks (space, tab, CR, any control
 * byte), reusing its
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

    /**
     * Splits the line starting at {@code from} on blanks (any byte 0x00-0x20 but the newline) in
     * one pass, up to the newline; returns the newline's index, or -1 when {@code to} comes first
     * (the line is incomplete and the fields are not valid).
     */
    int splitLine(byte[] b, int from, int to) {
        count = 0;
        int max = start.length;
        int i = from;
        while (true) {
            while (i < to) {
                byte c = b[i];
                if (c == '\n') {
                    return i;
                }
                if ((c & 0xff) > 0x20) {
                    break;
                }
                i++;
            }
            if (i >= to) {
                return -1;
            }
            if (count == max) {
                while (i < to && b[i] != '\n') {
                    i++;
                }
                return i < to ? i : -1;
            }
            start[count] = i;
            while (i < to && (b[i] & 0xff) > 0x20) {
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

    /** Space, tab, CR and the other control bytes separate fields (UTF-8 bytes never do). */
    static boolean isBlank(byte c) {
        return (c & 0xff) <= 0x20;
    }

    String string(byte[] b, int field) {
        return new String(b, start[field], end[field] - start[field], StandardCharsets.UTF_8);
    }
}
