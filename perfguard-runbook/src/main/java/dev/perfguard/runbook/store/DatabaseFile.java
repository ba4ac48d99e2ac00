package dev.perfguard.runbook.store;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file a store opened, and the check that its path still leads to that file. Open connections
 * keep working on a file that was deleted or moved away (its data then lives on only in them) and a new
 * connection would start an empty database at the path; so the store checks, before each unit of work, that
 * the path names the same file (the file key: device and inode on Linux) and refuses the work when it does not.
 * The check is one {@code stat} of the path (its cost: docs/architecture.md).
 */
final class DatabaseFile {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFile.class);

    private final Path path;
    private final Object key;
    private final String description;
    private final AtomicBoolean reported = new AtomicBoolean();

    private DatabaseFile(Path path, Object key, String description) {
        this.path = path;
        this.key = key;
        this.description = description;
    }

    /** The file at {@code path} as it is now, just opened. */
    static DatabaseFile opened(Path path, String description) {
        Path absolute = path.toAbsolutePath();
        try {
            return new DatabaseFile(absolute, Files.readAttributes(absolute, BasicFileAttributes.class).fileKey(), description);
        } catch (IOException e) {
            throw new PerfguardException(ErrorCode.STORE, description + ": cannot read the database file's attributes: " + e, e);
        }
    }

    /** Empty while the path names the file opened; otherwise what happened to it, for a message. */
    Optional<String> change() {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.of("was moved or deleted (nothing is at " + path + " now)");
        } catch (IOException e) {
            return Optional.of("cannot be checked (" + e + ")");
        }
        if (key != null && !key.equals(now.fileKey())) {
            return Optional.of("was replaced (" + path + " is now another file)");
        }
        return Optional.empty();
    }

    /**
     * Empty when this process may write the file and its folder (where SQLite keeps the {@code -wal} and
     * {@code -shm} files); otherwise which of them is read-only. Asks the operating system ({@code access(2)}),
     * which knows about permissions, read-only mounts and immutable files.
     */
    Optional<String> readOnly() {
        Path folder = path.getParent();
        if (!Files.isWritable(path)) {
            return Optional.of(path.toString());
        }
        if (folder != null && !Files.isWritable(folder)) {
            return Optional.of("its folder " + folder);
        }
        return Optional.empty();
    }

    /** Throws a {@code STORE} error saying what happened and what to do when the path no longer names the file opened. */
    void requireUnchanged() {
        Optional<String> change = change();
        if (change.isEmpty()) {
            if (reported.compareAndSet(true, false)) {
                LOG.warn("{}: the database file is back at {}; working on it again", description, path);
            }
            return;
        }
        String message = message(change.get());
        if (reported.compareAndSet(false, true)) {
            LOG.error(message);
        }
        throw new PerfguardException(ErrorCode.STORE, message);
    }

    /** The message for a file that {@code change}. */
    String message(String change) {
        long pid = ProcessHandle.current().pid();
        return description + ": the database file " + change + " after perfguard opened it; refusing reads and writes so "
                + "that nothing is acknowledged into a file no one will find again. Move the file (with its -wal) back to "
                + path + " to go on, or restart perfguard on where it is now (--db). While this process (pid " + pid
                + ") runs, a deleted file can still be copied out of /proc/" + pid + "/fd.";
    }
}
