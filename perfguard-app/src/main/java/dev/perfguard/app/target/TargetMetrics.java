package dev.perfguard.app.target;

import dev.perfguard.app.exposition.Exposition;
import dev.perfguard.app.exposition.Histogram;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo target's {@code /metrics}: OpenMetrics 1.0.0 text (ending with {@code # EOF}), or the Prometheus
 * text format 0.0.4 when a scraper asks for {@code text/plain} and not for OpenMetrics ({@code promtool check
 * metrics} reads only that one). Families:
 * <ul>
 *   <li>{@code demo_target_request_duration_seconds} (histogram, by {@code route}: {@code /search}, {@code /},
 *       {@code /metrics}, {@code unmatched}): arrival to answer, the slow-ranker's delay included, recorded just
 *       before the answer is sent so that a client that has its answer finds it counted;</li>
 *   <li>{@code demo_target_requests_total} (by {@code route} and {@code code}) and
 *       {@code demo_target_request_errors_total} (by {@code route} and {@code class}, {@code 4xx} or {@code 5xx});</li>
 *   <li>{@code demo_target_searches_total} (by {@code ranking}), {@code demo_target_slow_ranker_delays_total}
 *       and {@code demo_target_slow_ranker_delay_seconds_total}: what the flags did;</li>
 *   <li>{@code demo_target_flag_enabled} (gauge by {@code flag}), {@code demo_target_flag_reloads_total} (by
 *       {@code result}, {@code ok} or {@code rejected});</li>
 *   <li>{@code demo_target_quality_ndcg_at_10} (gauge): the {@link QualityWindow}'s mean, absent before the first
 *       judged search; {@code demo_target_quality_window_searches} (gauge) how many searches it averages;
 *       {@code demo_target_quality_judged_searches_total} (counter);</li>
 *   <li>{@code demo_target_documents} (gauge): documents in the index.</li>
 * </ul>
 */
final class TargetMetrics {
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Seconds: a search answers in well under a millisecond; the slow-ranker adds tens of ms to seconds. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final List<String> ROUTES = List.of("/search", "/", "/metrics", "unmatched");

    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();
    private final Map<List<String>, LongAdder> requests = new ConcurrentSkipListMap<>(Exposition::compare);
    private final Map<List<String>, LongAdder> errors = new ConcurrentSkipListMap<>(Exposition::compare);
    private final Map<Ranking, LongAdder> searches = new ConcurrentHashMap<>();
    private final LongAdder delays = new LongAdder();
    private final DoubleAdder delaySeconds = new DoubleAdder();

    TargetMetrics() {
        for (String r : ROUTES) {
            durations.put(r, new Histogram(BUCKETS));
        }
        for (Ranking r : Ranking.values()) {
            searches.put(r, new LongAdder());
        }
    }

    void request(String route, int code, double seconds) {
        durations.get(route).observe(seconds);
        requests.computeIfAbsent(List.of(route, Integer.toString(code)), k -> new LongAdder()).increment();
        if (code >= 400) {
            errors.computeIfAbsent(List.of(route, (code / 100) + "xx"), k -> new LongAdder()).increment();
        }
    }

    void searched(Ranking ranking) {
        searches.get(ranking).increment();
    }

    void delayed(long millis) {
        delays.increment();
        delaySeconds.add(millis / 1000.0);
    }

    long delays() {
        return delays.sum();
    }

    /** Whether {@code accept} (null when absent) asks for the 0.0.4 text format rather than OpenMetrics. */
    static boolean wantsText(String accept) {
        return accept != null && accept.contains("text/plain") && !accept.contains("application/openmetrics-text");
    }

    String scrape(boolean openMetrics, Flags flags, FlagWatcher watcher, QualityWindow quality, int documents) {
        Exposition out = new Exposition(openMetrics);
        String h = "demo_target_request_duration_seconds";
        out.family(h, "histogram", "seconds", "Time from a request's arrival to its answer, by route; the slow-ranker's delay included.");
        for (String r : ROUTES) {
            durations.get(r).write(out, h, "route", r);
        }
        out.family("demo_target_requests_total", "counter", null, "Requests answered, by route and status code.");
        requests.forEach((k, n) -> out.sample("demo_target_requests_total", n.sum(), "route", k.get(0), "code", k.get(1)));
        out.family("demo_target_request_errors_total", "counter", null, "Requests answered with an error, by route and class (4xx, 5xx).");
        errors.forEach((k, n) -> out.sample("demo_target_request_errors_total", n.sum(), "route", k.get(0), "class", k.get(1)));
        out.family("demo_target_searches_total", "counter", null, "Searches answered, by the ranking that answered them (bm25, naive).");
        for (Ranking r : Ranking.values()) {
            out.sample("demo_target_searches_total", searches.get(r).sum(), "ranking", r.wireName());
        }
        out.family("demo_target_slow_ranker_delays_total", "counter", null, "Searches the slow-ranker flag delayed.");
        out.sample("demo_target_slow_ranker_delays_total", delays.sum());
        out.family("demo_target_slow_ranker_delay_seconds_total", "counter", "seconds", "Time the slow-ranker flag added, summed.");
        out.sample("demo_target_slow_ranker_delay_seconds_total", delaySeconds.sum());
        out.family("demo_target_flag_enabled", "gauge", null, "1 when the flag is on now, else 0.");
        out.sample("demo_target_flag_enabled", flags.naiveRanking() ? 1 : 0, "flag", FlagFile.NAIVE_RANKING);
        out.sample("demo_target_flag_enabled", flags.slowRanker().on() ? 1 : 0, "flag", FlagFile.SLOW_RANKER);
        out.family("demo_target_flag_reloads_total", "counter", null,
                "Changes of the flag file seen after start: ok (re-read) or rejected (invalid; the last good flags stayed).");
        out.sample("demo_target_flag_reloads_total", watcher == null ? 0 : watcher.reloads(), "result", "ok");
        out.sample("demo_target_flag_reloads_total", watcher == null ? 0 : watcher.rejected(), "result", "rejected");
        out.family("demo_target_quality_ndcg_at_10", "gauge", null, "Mean nDCG@10 of the last " + quality.capacity()
                + " searches that came with a judged Cranfield query id (absent before the first).");
        OptionalDouble mean = quality.mean();
        if (mean.isPresent()) {
            out.sample("demo_target_quality_ndcg_at_10", mean.getAsDouble());
        }
        out.family("demo_target_quality_window_searches", "gauge", null, "Judged searches the nDCG@10 gauge averages now.");
        out.sample("demo_target_quality_window_searches", quality.size());
        out.family("demo_target_quality_judged_searches_total", "counter", null, "Searches that came with a judged Cranfield query id.");
        out.sample("demo_target_quality_judged_searches_total", quality.judged());
        out.family("demo_target_documents", "gauge", null, "Documents in the search index.");
        out.sample("demo_target_documents", documents);
        return out.end();
    }
}
