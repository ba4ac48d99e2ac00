/**
 * The REST API of {@code perfguard serve}: one route table ({@link dev.perfguard.app.server.PerfguardServer})
 * that registration, authorization and the OpenAPI test all read, bearer tokens with three roles, request
 * bodies ({@link dev.perfguard.app.server.Requests}) read strictly ({@link dev.perfguard.app.server.RequestJson})
 * and validated by the domain records they become, and the one mapping from failures to HTTP statuses
 * ({@link dev.perfguard.app.server.ApiError}), which every error answer uses, Jetty's own included
 * ({@link dev.perfguard.app.server.ErrorAnswers}); the liveness and readiness probes ({@code Health}) and the
 * server's Prometheus metrics ({@link dev.perfguard.app.server.ServerMetrics}).
 *
 * <p>May import: {@code runbook.incident}, {@code runbook.notify}, {@code runbook.store} (readiness),
 * {@code runbook.telemetry} (the watch's observer, for the metrics), {@code core}, Javalin and the Jetty under it,
 * Jackson. Never the commands,
 * the client or the composition root.
 */
package dev.perfguard.app.server;
