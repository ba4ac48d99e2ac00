package dev.perfguard.runbook.notify;

import java.util.Optional;

/** Where the Jira channel reads an artefact's bytes at delivery time (the store's content-addressed files). */
@FunctionalInterface
public interface ArtefactSource {
    /** The artefact's content, or empty when the store no longer has it (a permanent failure). */
    Optional<byte[]> read(String incidentId, String name, String sha256);

    static ArtefactSource none() {
        return (incident, name, sha256) -> Optional.empty();
    }
}
