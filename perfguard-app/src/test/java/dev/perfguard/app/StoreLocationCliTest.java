package dev.perfguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a command may create a new SQLite store (issue 12, item 12): never in place of a configured folder gone missing. */
class StoreLocationCliTest {
    @TempDir Path tmp;

    @Test
    void aConfiguredStoreWhoseFolderIsMissingIsRefusedNotCreatedEmpty() {
        Path db = tmp.resolve("gone").resolve("perfguard.db");
        Run r = Run.of("tokens", "list", "--db", db.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.err()).contains("the folder " + db.getParent().toAbsolutePath() + " does not exist")
                .contains("mkdir -p " + db.getParent().toAbsolutePath());
        assertThat(db.getParent()).doesNotExist();

        Run config = Run.of("tokens", "list", "--config", write("perfguard.yaml", "store:\n  db: " + db + "\n"));
        assertThat(config.exit()).as(config.out() + config.err()).isEqualTo(3);
        assertThat(db.getParent()).doesNotExist();
    }

    @Test
    void aConfiguredStoreInAnExistingFolderIsCreated() {
        Path db = tmp.resolve("perfguard.db");
        Run r = Run.of("tokens", "list", "--db", db.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(db).exists();
    }

    private String write(String name, String text) {
        try {
            return Files.writeString(tmp.resolve(name), text).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
