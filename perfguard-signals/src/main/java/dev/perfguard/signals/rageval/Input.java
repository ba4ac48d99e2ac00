package dev.perfguard.signals.rageval;

import dev.perfguard.core.PerfguardException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening input files: gzip is recognised by its magic bytes, not the file name. */
final class Input {
    private Input() {}

    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (NoSuchFileException e) {
            throw PerfguardException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The file's bytes as a stream, decompressed when gzipped. */
    static InputStream open(Path file) {
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return isGzip(file) ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (NoSuchFileException e) {
            throw PerfguardException.badInput(file + ": no such file");
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** All of the file's bytes, decompressed when gzipped (for small files: qrels). */
    static byte[] readAll(Path file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw PerfguardException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Whether the name (without .gz) ends with one of the suffixes. */
    static boolean named(Path file, String... suffixes) {
        String n = file.getFileName().toString();
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        for (String s : suffixes) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
