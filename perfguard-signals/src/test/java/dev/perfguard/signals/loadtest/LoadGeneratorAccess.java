package dev.perfguard.signals.loadtest;

import java.net.http.HttpRequest;

/** Builds one request as the generator would, without running it. */
final class LoadGeneratorAccess {
    private LoadGeneratorAccess() {}

    static HttpRequest request(Scenario s, Scenario.RequestSpec spec, long iteration) {
        return LoadGenerator.requestFor(s, spec, iteration);
    }
}
