package dev.perfguard.core.rageval;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The retrieved documents of one query as read from a run: document id bytes, score and source
 * line, in file order (trec_eval ignores the rank column and the file order). Reusable: a reader
 * {@link #reset resets} one instance per query, so a consumer must not keep it past its call.
 */
public final class RankedQuery {
    private String source;
    private String qid;
    private int size;
    private double[] scores = new double[1024];
    private int[] docOff = new int[1024];
    private int[] docLen = new int[1024];
    private long[] lines = new long[1024];
    private byte[] pool = new byte[16384];
    private int poolUsed;

    public RankedQuery reset(String source, String qid) {
        this.source = source;
        this.qid = qid;
        this.size = 0;
        this.poolUsed = 0;
        return this;
    }

    /** Appends one retrieved document (its id copied from {@code buf}). */
    public void add(byte[] buf, int off, int len, double score, long line) {
        if (size == scores.length) {
            int cap = size * 2;
            scores = Arrays.copyOf(scores, cap);
            docOff = Arrays.copyOf(docOff, cap);
            docLen = Arrays.copyOf(docLen, cap);
            lines = Arrays.copyOf(lines, cap);
        }
        if (poolUsed + len > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + len));
        }
        System.arraycopy(buf, off, pool, poolUsed, len);
        scores[size] = score;
        docOff[size] = poolUsed;
        docLen[size] = len;
        lines[size] = line;
        poolUsed += len;
        size++;
    }

    /** Appends one retrieved document by string id. */
    public void add(String docno, double score, long line) {
        byte[] b = docno.getBytes(StandardCharsets.UTF_8);
        add(b, 0, b.length, score, line);
    }

    /** Appends every document of another block of the same query. */
    public void addAll(RankedQuery other) {
        for (int i = 0; i < other.size; i++) {
            add(other.pool, other.docOff[i], other.docLen[i], other.scores[i], other.lines[i]);
        }
    }

    /** A copy that owns its arrays (for readers that must hold a block). */
    public RankedQuery copy() {
        RankedQuery c = new RankedQuery().reset(source, qid);
        c.addAll(this);
        return c;
    }

    public String source() {
        return source;
    }

    public String qid() {
        return qid;
    }

    public int size() {
        return size;
    }

    double score(int i) {
        return scores[i];
    }

    long line(int i) {
        return lines[i];
    }

    byte[] pool() {
        return pool;
    }

    int docOff(int i) {
        return docOff[i];
    }

    int docLen(int i) {
        return docLen[i];
    }

    String docno(int i) {
        return new String(pool, docOff[i], docLen[i], StandardCharsets.UTF_8);
    }
}
