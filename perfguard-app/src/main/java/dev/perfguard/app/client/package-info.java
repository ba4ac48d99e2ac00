/**
 * The REST API from the other side: {@link dev.perfguard.app.client.RemoteReporter} (the
 * {@code IncidentReporter} of {@code check --report-to} and {@code incident open}) and the
 * {@code perfguard incident ...} commands, over a small HTTP client whose error answers become
 * {@code PerfguardException}s with the server's message.
 *
 * <p>May import: {@code app.wiring}, {@code app.config}, {@code app.slot} ({@code incident load-test run}),
 * {@code runbook.incident} (the JSON of incidents),
 * {@code core}, {@code signals.lighthouse}. Never {@code app.server}: the wire format is the contract.
 */
package dev.perfguard.app.client;
