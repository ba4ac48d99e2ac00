package dev.perfguard.signals.loadtest;

import dev.perfguard.core.loadtest.Threshold;
import dev.perfguard.signals.rageval.RetrievalCollector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A load-test scenario as read by {@link ScenarioReader}: where to send, what, at which arrival rate, how
 * long at most, and the thresholds that decide whether the run passes. Docs: docs/loadtest.md.
 *
 * @param name from the file's {@code name}, else the file name
 * @param target the base URL every request path is resolved against
 * @param requests the request mix, picked per iteration in proportion to the weights
 * @param queries the query set templating {@code {{query}}} and {@code {{query_id}}} (empty when none is named);
 *     iteration {@code i} uses query {@code i mod n}
 * @param stages run one after the other
 * @param maxRequests the most requests the run sends; it ends early when reached
 * @param timeout the bound of one request (a request past it fails)
 * @param seed seeds the choice of request from the mix, so two runs send the same sequence
 */
public record Scenario(String name, URI target, List<RequestSpec> requests, List<RetrievalCollector.Query> queries,
        List<Stage> stages, long maxRequests, Duration timeout, List<Threshold> thresholds, long seed) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        requests = List.copyOf(requests);
        queries = List.copyOf(queries);
        stages = List.copyOf(stages);
        thresholds = List.copyOf(thresholds);
        if (requests.isEmpty() || stages.isEmpty() || maxRequests < 1) {
            throw new IllegalArgumentException("a scenario needs at least one request, one stage and max_requests >= 1");
        }
    }

    /** The planned length: the sum of the stages' durations. */
    public Duration duration() {
        return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * One request of the mix.
     *
     * @param path a path and query relative to the target; {@code {{query}}} is replaced URL-encoded,
     *     {@code {{query_id}}} likewise
     * @param body sent as is after the same replacement (not encoded), or null for none
     */
    public record RequestSpec(String name, String method, String path, Map<String, String> headers, String body, double weight) {
        public RequestSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            headers = Map.copyOf(headers);
            if (!(weight > 0)) {
                throw new IllegalArgumentException("a request's weight must be positive");
            }
        }
    }
}
