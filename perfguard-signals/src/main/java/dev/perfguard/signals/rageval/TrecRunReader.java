package dev.perfguard.signals.rageval;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.rageval.RankedQuery;
import dev.perfguard.core.rageval.RunEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * TREC runs: {@code qid Q0 docno rank score runid}, blank-separated; columns after the sixth are
 * ignored (trec_eval's own test data has them), blank lines and {@code #} comment lines skipped.
 *
 * <p>Speed: bytes are parsed in place from a reusable buffer, never turned into strings except
 * the query id once per query. An uncompressed file above a few megabytes is cut at line
 * boundaries into one slice per core; each slice is parsed and evaluated on its own thread, and
 * the queries cut by a slice boundary are joined afterwards. Line numbers are only known within
 * the first slice, so any error met in parallel mode is reported by re-reading sequentially.
 */
final class TrecRunReader implements RunReader {
    private static final int BUFFER = 1 << 22;

    /** Bytes per slice below which a file is read on one thread. */
    private final long sliceMinBytes;
    private final int maxThreads;

    TrecRunReader() {
        this(8L << 20, Runtime.getRuntime().availableProcessors());
    }

    /** For tests: slices of at least {@code sliceMinBytes}, at most {@code maxThreads} of them. */
    TrecRunReader(long sliceMinBytes, int maxThreads) {
        this.sliceMinBytes = sliceMinBytes;
        this.maxThreads = maxThreads;
    }

    @Override
    public Optional<String> stream(Path file, RunEvaluator evaluator, boolean grouped) {
        if (grouped || Input.isGzip(file)) {
            return sequential(file, evaluator, grouped);
        }
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        int threads = (int) Math.min(maxThreads, Math.max(1, size / sliceMinBytes));
        if (threads <= 1) {
            return sequential(file, evaluator, false);
        }
        try {
            return parallel(file, evaluator, size, threads);
        } catch (PerfguardException e) {
            // exact line numbers: the sequential pass meets the first error in file order
            // (an interleaved run makes the caller retry grouped, which reports its own errors)
            if (sequential(file, evaluator.fresh(), false).isEmpty()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<String> sequential(Path file, RunEvaluator evaluator, boolean grouped) {
        Slice s = new Slice(file.toString(), evaluator.worker(), grouped, false, false);
        try (InputStream in = Input.open(file)) {
            s.parse((buf, off, len) -> in.read(buf, off, len));
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        if (s.split) {
            return Optional.empty();
        }
        if (grouped) {
            RunEvaluator.Worker w = evaluator.worker();
            for (RankedQuery q : s.groups.values()) {
                w.accept(q);
            }
        }
        return Optional.of(s.runId == null ? "" : s.runId);
    }

    private Optional<String> parallel(Path file, RunEvaluator evaluator, long size, int threads) {
        long[] bounds = new long[threads + 1];
        bounds[threads] = size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int t = 1; t < threads; t++) {
                bounds[t] = nextLineStart(ch, Math.max(bounds[t - 1], size * t / threads), size);
            }
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        List<Slice> slices = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "rageval-read");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Slice s = new Slice(file.toString(), evaluator.worker(), false, t > 0, t < threads - 1);
                slices.add(s);
                long from = bounds[t];
                long to = bounds[t + 1];
                futures.add(pool.submit(() -> {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        long[] pos = {from};
                        s.parse((buf, off, len) -> {
                            int want = (int) Math.min(len, to - pos[0]);
                            if (want <= 0) {
                                return -1;
                            }
                            int n = ch.read(ByteBuffer.wrap(buf, off, want), pos[0]);
                            if (n > 0) {
                                pos[0] += n;
                            }
                            return n;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof PerfguardException pe) {
                        throw pe;
                    }
                    throw new PerfguardException(ErrorCode.BAD_INPUT,
                            file + ": cannot read: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PerfguardException(ErrorCode.INTERNAL, "interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // join the queries cut by slice boundaries, in file order
        RunEvaluator.Worker w = evaluator.worker();
        RankedQuery pending = null;
        String runId = null;
        for (Slice s : slices) {
            if (s.split) {
                return Optional.empty();
            }
            for (RankedQuery q : s.held) {
                if (pending != null && pending.qid().equals(q.qid())) {
                    pending.addAll(q);
                    continue;
                }
                if (pending != null && !w.accept(pending)) {
                    return Optional.empty();
                }
                pending = q;
            }
            if (s.runId != null) {
                runId = s.runId;
            }
        }
        if (pending != null && !w.accept(pending)) {
            return Optional.empty();
        }
        return Optional.of(runId == null ? "" : runId);
    }

    private static long nextLineStart(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(1 << 16);
        while (pos < size) {
            bb.clear();
            int n = ch.read(bb, pos);
            if (n <= 0) {
                return size;
            }
            for (int i = 0; i < n; i++) {
                if (bb.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return size;
    }

    @FunctionalInterface
    interface Source {
        int read(byte[] buf, int off, int len) throws IOException;
    }

    /** Parses one slice of the file; not thread-safe, one per thread. */
    private static final class Slice {
        private final String src;
        private final RunEvaluator.Worker worker;
        private final boolean grouped;
        private final boolean holdFirst;
        private final boolean holdLast;
        final List<RankedQuery> held = new ArrayList<>(2);
        final Map<String, RankedQuery> groups = new LinkedHashMap<>();
        boolean split;
        String runId;

        private final Fields f = new Fields(6);
        private final RankedQuery block = new RankedQuery();
        private byte[] qidBytes = new byte[64];
        private int qidLen = -1;
        private boolean firstBlock = true;
        private long line;
        private int runIdFrom;
        private int runIdTo;
        private byte[] lastRunId;

        Slice(String src, RunEvaluator.Worker worker, boolean grouped, boolean holdFirst, boolean holdLast) {
            this.src = src;
            this.worker = worker;
            this.grouped = grouped;
            this.holdFirst = holdFirst;
            this.holdLast = holdLast;
        }

        void parse(Source in) throws IOException {
            byte[] buf = new byte[BUFFER];
            int len = 0;
            int p = 0;
            boolean eof = false;
            while (!split) {
                int nl = f.splitLine(buf, p, len);
                if (nl < 0) {
                    if (eof) {
                        if (p < len) {
                            f.split(buf, p, len);
                            line(buf, p, len);
                        }
                        break;
                    }
                    if (p > 0) {
                        System.arraycopy(buf, p, buf, 0, len - p);
                        len -= p;
                        p = 0;
                    }
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        eof = true;
                    } else {
                        len += n;
                    }
                    continue;
                }
                line(buf, p, nl);
                p = nl + 1;
            }
            if (!split && qidLen >= 0) {
                endBlock(true);
            }
            if (lastRunId != null) {
                runId = new String(lastRunId, StandardCharsets.UTF_8);
            }
        }

        /** One line, already split into {@link #f}. */
        private void line(byte[] b, int from, int to) {
            line++;
            if (f.count == 0 || b[f.start[0]] == '#') {
                return;
            }
            if (f.count < 6) {
                throw PerfguardException.badInput(src + ":" + line + ": expected 6 fields 'qid Q0 docno rank score runid', got "
                        + f.count + ": '" + new String(b, from, to - from, StandardCharsets.UTF_8).strip() + "'");
            }
            double score = Numbers.parseDouble(b, f.start[4], f.end[4]);
            if (Double.isNaN(score)) {
                throw PerfguardException.badInput(src + ":" + line + ": score '"
                        + new String(b, f.start[4], f.end[4] - f.start[4], StandardCharsets.UTF_8) + "' is not a number");
            }
            int qs = f.start[0];
            int ql = f.end[0] - qs;
            if (qidLen != ql || !Arrays.equals(qidBytes, 0, ql, b, qs, qs + ql)) {
                if (qidLen >= 0) {
                    endBlock(false);
                    if (split) {
                        return;
                    }
                }
                if (qidBytes.length < ql) {
                    qidBytes = new byte[ql * 2];
                }
                System.arraycopy(b, qs, qidBytes, 0, ql);
                qidLen = ql;
                block.reset(src, new String(b, qs, ql, StandardCharsets.UTF_8));
            }
            block.add(b, f.start[2], f.end[2] - f.start[2], score, line);
            int rl = f.end[5] - f.start[5];
            if (lastRunId == null || lastRunId.length != rl) {
                lastRunId = new byte[rl];
            }
            System.arraycopy(b, f.start[5], lastRunId, 0, rl);
        }

        private void endBlock(boolean last) {
            boolean first = firstBlock;
            firstBlock = false;
            if (grouped) {
                groups.computeIfAbsent(block.qid(), q -> new RankedQuery().reset(src, q)).addAll(block);
            } else if ((first && holdFirst) || (last && holdLast)) {
                held.add(block.copy());
            } else if (!worker.accept(block)) {
                split = true;
            }
        }
    }
}
