package dev.perfguard.runbook.incident;

import dev.perfguard.runbook.notify.ArtefactSource;
import dev.perfguard.runbook.store.Store;
import java.util.Objects;
import java.util.Optional;

/**
 * The notify package's {@link ArtefactSource} over the store: the contents the Jira channel uploads at
 * delivery time, read from the content-addressed {@code artefact} table, whose SQL stays with the incident
 * ({@link IncidentRepository}). Like {@link TimelineNotes}, it lets notify read incidents without
 * importing this package.
 */
public final class StoreArtefacts implements ArtefactSource {

    private final Store store;

    public StoreArtefacts(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<byte[]> read(String incidentId, String name, String sha256) {
        return store.inAutoCommit(h -> IncidentRepository.artefact(h, incidentId, name, sha256));
    }
}
