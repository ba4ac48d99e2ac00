package dev.perfguard.runbook.notify;

import dev.perfguard.runbook.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

/** Artefact contents for the Jira upload, read from the store's content-addressed {@code artefact} table. */
public final class StoreArtefacts implements ArtefactSource {

    private final Store store;

    public StoreArtefacts(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<byte[]> read(String incidentId, String name, String sha256) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.content FROM incident_artefact i JOIN artefact a"
                    + " ON a.sha256 = i.sha256 WHERE i.incident_id = ? AND i.name = ? AND i.sha256 = ?")) {
                ps.setString(1, incidentId);
                ps.setString(2, name);
                ps.setString(3, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }
}
