package dev.perfguard.runbook.store;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes a file read-only for this process until closed: its write permissions removed and, for root (whom
 * permissions do not stop), the immutable attribute set with {@code chattr +i}. Skips the test when running as
 * root where {@code chattr} cannot set the attribute (no CAP_LINUX_IMMUTABLE, a file system without it).
 */
public final class ReadOnly implements AutoCloseable {
    private final Path file;
    private final Set<PosixFilePermission> before;
    private final boolean immutable;

    private ReadOnly(Path file, Set<PosixFilePermission> before, boolean immutable) {
        this.file = file;
        this.before = before;
        this.immutable = immutable;
    }

    public static ReadOnly make(Path file) throws IOException, InterruptedException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        boolean immutable = false;
        if ("root".equals(System.getProperty("user.name"))) {
            if (chattr("+i", file) != 0) {
                Files.setPosixFilePermissions(file, before);
                abort("skipped: running as root and 'chattr +i " + file + "' failed, so the file cannot be made read-only");
            }
            immutable = true;
        }
        return new ReadOnly(file, before, immutable);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", file);
        }
        Files.setPosixFilePermissions(file, before);
    }

    private static int chattr(String flag, Path file) throws IOException, InterruptedException {
        return new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
