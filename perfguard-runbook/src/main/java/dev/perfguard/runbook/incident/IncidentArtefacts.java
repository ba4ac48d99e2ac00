package dev.perfguard.runbook.incident;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Artefact contents for readers outside this package: the Jira channel uploads an incident's artefacts
 * at delivery time ({@code notify.StoreArtefacts}). The {@code artefact} and {@code incident_artefact}
 * tables and their SQL stay with the incident ({@link IncidentRepository}); this is their one read from outside.
 */
public final class IncidentArtefacts {
    private IncidentArtefacts() {}

    /**
     * The content the incident's artefact {@code name} refers to, when it still refers to {@code sha256};
     * empty otherwise. Runs on the caller's handle, in the caller's transaction.
     */
    public static Optional<byte[]> content(Handle h, String incidentId, String name, String sha256) {
        return IncidentRepository.artefact(h, incidentId, name, sha256);
    }
}
