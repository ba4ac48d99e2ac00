/**
 * The incident runbook over the store: {@link dev.perfguard.runbook.incident.IncidentService} applies each
 * command of the core's {@code Incident} in one transaction with a version check, writing the document,
 * the new timeline rows and the routed outbox rows together. Regressions arrive through one port,
 * {@link dev.perfguard.runbook.incident.IncidentReporter} (the service here, the REST client in the
 * application). Also API tokens ({@link dev.perfguard.runbook.incident.ApiTokens}: only hashes stored) and
 * the console channel's timeline notes.
 *
 * <p>May import: {@code runbook.store}, {@code runbook.notify} (routing, the timeline port), {@code core},
 * {@code core.incident}.
 */
package dev.perfguard.runbook.incident;
