/**
 * The embedded open-model load generator and the readers of other tools' results (k6's summary export,
 * wrk's text output).
 *
 * <p><b>Open model.</b> Each iteration has an intended start computed from the stage's arrival rate
 * ({@link dev.perfguard.signals.loadtest.ArrivalSchedule}: k6's {@code constant-arrival-rate} and
 * {@code ramping-arrival-rate}); one scheduler thread waits for that instant and sends the request with
 * {@code HttpClient.sendAsync}, whatever the latency of earlier requests. When the scenario's maximum of requests in
 * flight is reached, the iteration is dropped and counted ({@code dropped_iterations}), as k6 does when it
 * has no free VU.
 *
 * <p><b>Coordinated omission.</b> Latency ({@code http_req_duration}) is recorded from the intended start to
 * the end of the response, as wrk2 does: a generator that falls behind, or a target that stalls, shows in
 * the latency rather than in fewer samples. The service time (from the actual send) and the scheduling
 * error (actual send minus intended start) are kept beside it. Values are recorded in microseconds in
 * HdrHistogram with 3 significant digits (0.1 % resolution) up to one hour, and reported in milliseconds.
 *
 * <p>Every request is recorded, including those still in flight when the last stage ends: the run waits
 * for them (up to the request timeout) rather than leaving the slowest out.
 */
package dev.perfguard.signals.loadtest;
