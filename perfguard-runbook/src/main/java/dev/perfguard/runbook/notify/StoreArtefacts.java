package dev.perfguard.runbook.notify;

import dev.perfguard.runbook.incident.IncidentArtefacts;
import dev.perfguard.runbook.store.Store;
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
        return store.inTransaction(h -> IncidentArtefacts.content(h, incidentId, name, sha256));
    }
}
