package dev.perfguard.app.target;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The flags of one flag file, re-read when the file changes: checked every second and on each
 * {@link #current()} (one {@code stat}, nothing read unless it changed).
 *
 * <p>A change is a different modification time, size or file key (inode): a rewrite by rename, as perfguard's
 * flag store does it, always changes the key, so two rewrites within one clock tick are still seen. At start a
 * missing or invalid file is an error naming the file and the field; later, an invalid or vanished file keeps
 * the last good flags and is logged once per version of the file.
 */
final class FlagWatcher implements AutoCloseable {
    private record Stamp(FileTime modified, long size, Object key) {}

    private final Path file;
    private final PrintWriter log;
    private final ScheduledExecutorService poller;
    private final LongAdder reloads = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile Stamp seen;
    private volatile Flags flags;

    /** Reads {@code file} now (failing when it is missing or invalid) and polls it every second from then on. */
    FlagWatcher(Path file, PrintWriter log) {
        this.file = Objects.requireNonNull(file, "file");
        this.log = Objects.requireNonNull(log, "log");
        Stamp s;
        try {
            s = stamp();
        } catch (NoSuchFileException e) {
            throw new PerfguardException(ErrorCode.CONFIG, "--flags: flag file " + file + " does not exist");
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.CONFIG, "--flags: cannot read flag file " + file + ": " + e.getMessage(), e);
        }
        this.flags = FlagFile.parse(file.toString(), read());
        this.seen = s;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("demo-target-flags").factory());
        poller.scheduleWithFixedDelay(this::current, 1, 1, TimeUnit.SECONDS);
    }

    Path file() {
        return file;
    }

    /** Successful re-reads after the first read. */
    long reloads() {
        return reloads.sum();
    }

    /** Versions of the file that were refused (invalid or unreadable) while the last good flags stayed. */
    long rejected() {
        return rejected.sum();
    }

    /** The flags now: re-read first when the file changed since it was last looked at. */
    Flags current() {
        Stamp now;
        try {
            now = stamp();
        } catch (IOException e) {
            now = new Stamp(FileTime.fromMillis(0), -1, "unreadable: " + e);
        }
        if (!now.equals(seen)) {
            reload(now);
        }
        return flags;
    }

    private synchronized void reload(Stamp now) {
        if (now.equals(seen)) {
            return;
        }
        // The flags are replaced before the stamp: a reader that finds the new stamp already seen must find the
        // new flags too, or requests racing the re-read would be answered with the old ones.
        try {
            flags = FlagFile.parse(file.toString(), read());
            reloads.increment();
            log.println("demo-target: flags re-read from " + file + ": " + describe(flags));
        } catch (PerfguardException e) {
            rejected.increment();
            log.println("demo-target: " + e.getMessage() + "; keeping the last good flags (" + describe(flags) + ")");
        }
        seen = now;
        log.flush();
    }

    private Stamp stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.CONFIG, "flag file " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static String describe(Flags f) {
        Flags.SlowRanker s = f.slowRanker();
        String slow = s.on() ? "on (p " + s.p() + ", " + s.delayMs() + " ms" + (s.jitterMs() > 0 ? " + up to " + s.jitterMs() + " ms" : "") + ")" : "off";
        return "slow-ranker " + slow + ", naive-ranking " + (f.naiveRanking() ? "on" : "off");
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
