package dev.perfguard.core.incident;

import dev.perfguard.core.PerfguardException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stored artefact (a {@code perf_metrics/*.json}, an LHR, a run file) by its content address.
 *
 * <p>The name is a plain file name: 1-255 characters of letters, digits, {@code .}, {@code _} and
 * {@code -}, not starting with a dot. Anything that could be a path ({@code ../x}, {@code a/b},
 * {@code C:\x}) is refused, so the name is safe to use in a download header or a file system. The
 * store enforces its own size limit; {@code sizeBytes} is what it measured.
 */
public record ArtefactRef(String name, String sha256, long sizeBytes, String addedBy, Instant addedAt) {

    public static final int MAX_NAME = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ArtefactRef {
        Objects.requireNonNull(name, "name");
        requireSafeName(name);
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw PerfguardException.badInput("artefact sha256 '" + sha256 + "' must be 64 lower-case hex digits");
        }
        if (sizeBytes < 0) {
            throw PerfguardException.badInput("artefact size must not be negative, was " + sizeBytes);
        }
        Checks.name(addedBy, "addedBy");
        Objects.requireNonNull(addedAt, "addedAt");
    }

    /** Refuses an unsafe artefact name with a {@code BAD_INPUT} error that says what is allowed. */
    public static String requireSafeName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw PerfguardException.badInput("artefact name '" + name + "' is not a safe file name; expected 1-"
                    + MAX_NAME + " letters, digits, '.', '_' or '-', not starting with '.', and no path separators");
        }
        return name;
    }
}
