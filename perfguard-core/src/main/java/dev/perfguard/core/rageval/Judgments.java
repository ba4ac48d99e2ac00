package dev.perfguard.core.rageval;

import dev.perfguard.core.PerfguardException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The qrels of one query: document id to relevance value, looked up by the raw bytes of a run
 * line so a run never has to be turned into strings. Immutable once built.
 */
public final class Judgments {
    /** {@link #relevance} of a document that has no qrels line (trec_eval's -1, "not in pool"). */
    public static final int NOT_JUDGED = -1;
    /** {@link #relevance} of a document whose qrels value is negative (trec_eval's -2, "unjudged"). */
    public static final int UNJUDGED = -2;

    private final String qid;
    private final byte[][] docs;
    private final int[] rels;
    private final int[] table;
    private final int mask;
    /** Relevance values of every judged document, descending. */
    private final int[] sortedRels;

    private Judgments(String qid, byte[][] docs, int[] rels) {
        this.qid = qid;
        this.docs = docs;
        this.rels = rels;
        int cap = Integer.highestOneBit(Math.max(4, docs.length * 2) - 1) << 1;
        this.table = new int[cap];
        this.mask = cap - 1;
        for (int i = 0; i < docs.length; i++) {
            int slot = Bytes.hash(docs[i], 0, docs[i].length) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        int[] s = rels.clone();
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            int t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        this.sortedRels = s;
    }

    public String qid() {
        return qid;
    }

    /** Number of qrels lines of this query. */
    public int size() {
        return docs.length;
    }

    /**
     * The relevance of a document, by its id's bytes: the qrels value when it is zero or more,
     * {@link #UNJUDGED} when the qrels value is negative, {@link #NOT_JUDGED} without a qrels line.
     */
    public int relevance(byte[] buf, int off, int len) {
        return relevance(buf, off, len, Bytes.hash(buf, off, len));
    }

    /** As {@link #relevance(byte[], int, int)}, with the id's hash already computed. */
    int relevance(byte[] buf, int off, int len, int hash) {
        int slot = hash & mask;
        while (true) {
            int i = table[slot];
            if (i == 0) {
                return NOT_JUDGED;
            }
            byte[] d = docs[i - 1];
            if (Bytes.equal(d, 0, d.length, buf, off, len)) {
                int r = rels[i - 1];
                return r < 0 ? UNJUDGED : r;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The relevance of a document by id, as {@link #relevance(byte[], int, int)}. */
    public int relevance(String docno) {
        byte[] b = docno.getBytes(StandardCharsets.UTF_8);
        return relevance(b, 0, b.length);
    }

    /** Documents with relevance at least {@code level}. */
    int numRelevant(int level) {
        int n = 0;
        while (n < sortedRels.length && sortedRels[n] >= level) {
            n++;
        }
        return n;
    }

    /** Documents judged (value at least 0) but below {@code level}. */
    int numNonRelevant(int level) {
        int n = 0;
        for (int r : sortedRels) {
            if (r >= 0 && r < level) {
                n++;
            }
        }
        return n;
    }

    /** Relevance values, descending: the ideal ranking's gains (values at most 0 give no gain). */
    int[] sortedRelevance() {
        return sortedRels;
    }

    /** Collects the qrels of one query, rejecting a document judged twice. */
    public static final class Builder {
        private final String qid;
        private final String source;
        private byte[][] docs = new byte[8][];
        private int[] rels = new int[8];
        private long[] lines = new long[8];
        private int n;
        private int[] table = new int[16];

        public Builder(String qid, String source) {
            this.qid = qid;
            this.source = source;
        }

        /** Adds one judgment; {@code line} is the 1-based source line, for error messages. */
        public Builder add(byte[] buf, int off, int len, int rel, long line) {
            if (n * 2 >= table.length) {
                grow();
            }
            int mask = table.length - 1;
            int slot = Bytes.hash(buf, off, len) & mask;
            while (table[slot] != 0) {
                int i = table[slot] - 1;
                if (Bytes.equal(docs[i], 0, docs[i].length, buf, off, len)) {
                    throw PerfguardException.badInput(source + ":" + line + ": document '"
                            + new String(buf, off, len, StandardCharsets.UTF_8) + "' of query '" + qid
                            + "' is judged twice (first at line " + lines[i] + ")");
                }
                slot = (slot + 1) & mask;
            }
            if (n == docs.length) {
                docs = Arrays.copyOf(docs, n * 2);
                rels = Arrays.copyOf(rels, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
            }
            docs[n] = Arrays.copyOfRange(buf, off, off + len);
            rels[n] = rel;
            lines[n] = line;
            table[slot] = ++n;
            return this;
        }

        /** Adds one judgment by string document id. */
        public Builder add(String docno, int rel, long line) {
            byte[] b = docno.getBytes(StandardCharsets.UTF_8);
            return add(b, 0, b.length, rel, line);
        }

        private void grow() {
            int[] t = new int[table.length * 2];
            int mask = t.length - 1;
            for (int i = 0; i < n; i++) {
                int slot = Bytes.hash(docs[i], 0, docs[i].length) & mask;
                while (t[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                t[slot] = i + 1;
            }
            table = t;
        }

        public Judgments build() {
            return new Judgments(qid, Arrays.copyOf(docs, n), Arrays.copyOf(rels, n));
        }
    }
}
