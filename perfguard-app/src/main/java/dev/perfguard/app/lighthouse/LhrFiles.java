package dev.perfguard.app.lighthouse;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.runbook.builds.StoredRun;
import dev.perfguard.signals.lighthouse.LhrReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Reads LHR files for storing: each run with the SHA-256 of its file, computed while streaming. */
final class LhrFiles {
    private final LhrReader reader = new LhrReader();

    List<LighthouseRun> read(List<Path> paths) {
        return reader.readAll(paths);
    }

    List<StoredRun> readForStore(List<Path> paths) {
        return LhrReader.reportFiles(paths).parallelStream()
                .map(p -> readOne(p.toString(), () -> Files.newInputStream(p)))
                .toList();
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    StoredRun readOne(String name, Opener opener) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = opener.open(); DigestInputStream in = new DigestInputStream(raw, sha)) {
            LighthouseRun run = reader.read(name, new FilterInputStream(in) {
                @Override
                public void close() {
                    // the digest needs the rest of the file; closed by the outer try
                }
            });
            in.transferTo(OutputStream.nullOutputStream());
            return new StoredRun(HexFormat.of().formatHex(sha.digest()), run);
        } catch (IOException e) {
            throw PerfguardException.badInput(name + ": cannot read: " + e.getMessage(), e);
        }
    }

}
