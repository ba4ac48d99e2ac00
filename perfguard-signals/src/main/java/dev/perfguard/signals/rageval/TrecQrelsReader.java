package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.Qrels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * TREC qrels: {@code qid iteration docno relevance}, blank-separated, one judgment per line;
 * further columns are ignored, blank lines and {@code #} comment lines skipped. The relevance is
 * an integer (a value such as {@code 2.0} is read as 2, as C's atol would).
 */
final class TrecQrelsReader implements QrelsReader {
    @Override
    public Qrels read(Path file) {
        byte[] b = Input.readAll(file);
        String src = file.toString();
        Qrels.Builder qrels = new Qrels.Builder(src);
        Fields f = new Fields(5);
        long line = 0;
        String lastQid = null;
        byte[] lastQidBytes = new byte[0];
        for (int pos = 0; pos < b.length; ) {
            int nl = pos;
            while (nl < b.length && b[nl] != '\n') {
                nl++;
            }
            line++;
            f.split(b, pos, nl);
            int from = pos;
            pos = nl + 1;
            if (f.count == 0 || b[f.start[0]] == '#') {
                continue;
            }
            if (f.count < 4) {
                throw PerfguardException.badInput(src + ":" + line + ": expected 4 fields 'qid iteration docno relevance', got "
                        + f.count + ": '" + new String(b, from, nl - from, StandardCharsets.UTF_8).strip() + "'");
            }
            int rel = relevance(b, f.start[3], f.end[3], src, line);
            int qlen = f.end[0] - f.start[0];
            if (lastQid == null || !Arrays.equals(lastQidBytes, 0, lastQidBytes.length, b, f.start[0], f.end[0])) {
                lastQidBytes = Arrays.copyOfRange(b, f.start[0], f.start[0] + qlen);
                lastQid = f.string(b, 0);
            }
            qrels.query(lastQid).add(b, f.start[2], f.end[2] - f.start[2], rel, line);
        }
        return qrels.build();
    }

    static int relevance(byte[] b, int from, int to, String src, long line) {
        long v = Numbers.parseLong(b, from, to);
        if (v == Long.MIN_VALUE) {
            double d = Numbers.parseDouble(b, from, to);
            if (Double.isNaN(d) || d != Math.rint(d)) {
                throw PerfguardException.badInput(src + ":" + line + ": relevance '"
                        + new String(b, from, to - from, StandardCharsets.UTF_8) + "' is not an integer");
            }
            v = (long) d;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE + 2) {
            throw PerfguardException.badInput(src + ":" + line + ": relevance " + v + " is out of range");
        }
        return (int) v;
    }
}
