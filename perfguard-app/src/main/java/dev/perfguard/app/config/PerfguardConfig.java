package dev.perfguard.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perfguard.runbook.ci.CiCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole {@code perfguard.yaml}. Every section is optional; an absent key takes the default
 * documented in docs/configuration.md. Secrets never live here: the config names the environment
 * variables that hold them.
 */
public record PerfguardConfig(
        String service,
        Duration reportingWindow,
        Integer closeAfterWindows,
        Map<String, Squad> squads,
        LighthouseConfig lighthouse,
        RagEvalConfig ragEval,
        TelemetryConfig telemetry,
        @JsonProperty("notify") NotifyConfig notifications,
        StoreConfig store,
        ServerConfig server,
        Map<String, List<Panel>> panels,
        RerunConfig rerun,
        LoadtestConfig loadtest,
        FlagsConfig flags,
        IngestConfig ingest) {

    public PerfguardConfig {
        service = service == null ? "theo-engine-web" : service;
        reportingWindow = reportingWindow == null ? Duration.ofHours(1) : reportingWindow;
        closeAfterWindows = closeAfterWindows == null ? 2 : closeAfterWindows;
        squads = squads == null ? Map.of() : Map.copyOf(squads);
        lighthouse = lighthouse == null ? LighthouseConfig.empty() : lighthouse;
        ragEval = ragEval == null ? new RagEvalConfig(null, null) : ragEval;
        telemetry = telemetry == null ? new TelemetryConfig(null, null, null, null) : telemetry;
        notifications = notifications == null ? new NotifyConfig(null, null, null, null, null) : notifications;
        store = store == null ? new StoreConfig(null, null) : store;
        server = server == null ? new ServerConfig(null) : server;
        panels = panels == null ? Map.of() : Map.copyOf(panels);
        rerun = rerun == null ? new RerunConfig(null, null, null, null) : rerun;
        loadtest = loadtest == null ? new LoadtestConfig(null) : loadtest;
        flags = flags == null ? new FlagsConfig(null, null, null) : flags;
        ingest = ingest == null ? new IngestConfig(null) : ingest;
    }

    public static PerfguardConfig defaults() {
        return new PerfguardConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The {@code ingest} section: how CI builds' metrics are judged by {@code ingest}, {@code check --build} and the
     * build pages.
     *
     * @param tolerance relative worsening of a metric's median tolerated: {@code 10%} or {@code 0.10}
     */
    public record IngestConfig(Tolerance tolerance) {
        public IngestConfig {
            tolerance = tolerance == null ? new Tolerance(CiCheck.DEFAULT_TOLERANCE, true) : tolerance;
        }
    }

    /** A squad and the metric patterns it owns ({@code lighthouse.*}, {@code rag.ndcg*}). */
    public record Squad(List<String> owns, String slack) {
        public Squad {
            owns = owns == null ? List.of() : List.copyOf(owns);
        }
    }

    /**
     * @param runsPerBuild how many Lighthouse runs a build is expected to bring (reported when fewer)
     * @param baselineBranch the branch whose latest build is the baseline of {@code check --baseline auto}
     * @param urlReplacementPatterns {@code s#regex#replacement#} applied to URLs before pairing
     * @param significance one-sided alpha for a relative regression
     * @param budgetSignificance one-sided alpha for a newly broken budget
     * @param machineSpeedTolerance relative benchmarkIndex difference tolerated between the sides
     * @param historyMinEffect smallest relative change of a metric's level over the branch history
     *     that {@code check} reports
     * @param historyAlertBuilds a regression in the history fails {@code check} while it began fewer
     *     than this many builds ago
     * @param lhciAssert Lighthouse CI's assert configuration, written as in {@code ci.assert} of a
     *     lighthouserc file (see {@link LhciConfig})
     */
    public record LighthouseConfig(
            Integer runsPerBuild,
            String baselineBranch,
            List<String> urlReplacementPatterns,
            Double significance,
            Double budgetSignificance,
            Integer minRuns,
            Double machineSpeedTolerance,
            Double historyMinEffect,
            Integer historyAlertBuilds,
            List<LighthouseExpectation> expectations,
            @JsonProperty("assert") JsonNode lhciAssert) {
        public LighthouseConfig {
            runsPerBuild = runsPerBuild == null ? 5 : runsPerBuild;
            baselineBranch = baselineBranch == null ? "main" : baselineBranch;
            urlReplacementPatterns = urlReplacementPatterns == null ? List.of() : List.copyOf(urlReplacementPatterns);
            significance = significance == null ? 0.05 : significance;
            budgetSignificance = budgetSignificance == null ? 0.10 : budgetSignificance;
            minRuns = minRuns == null ? 3 : minRuns;
            machineSpeedTolerance = machineSpeedTolerance == null ? 0.25 : machineSpeedTolerance;
            historyMinEffect = historyMinEffect == null ? 0.05 : historyMinEffect;
            historyAlertBuilds = historyAlertBuilds == null ? 20 : historyAlertBuilds;
            expectations = expectations == null ? List.of() : List.copyOf(expectations);
        }

        static LighthouseConfig empty() {
            return new LighthouseConfig(null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * One metric's expectation; absent fields keep the metric's default.
     *
     * @param metric an LHR audit id ({@code largest-contentful-paint}), a short name ({@code lcp},
     *     {@code lcp_ms}) or {@code performance}
     * @param budget absolute limit on the current median ({@code none} removes the default budget)
     * @param tolerance relative worsening allowed: {@code 10%} or {@code 0.10}
     * @param minDelta smallest absolute change that counts, in the metric's unit
     */
    public record LighthouseExpectation(String metric, Budget budget, Tolerance tolerance, Double minDelta) {}

    public record RagEvalConfig(Map<String, Dataset> datasets, List<RagExpectation> expectations) {
        public RagEvalConfig {
            datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
            expectations = expectations == null ? List.of() : List.copyOf(expectations);
        }
    }

    public record Dataset(String queries, String qrels) {}

    /**
     * @param tolerance the drop allowed: an absolute amount ({@code -0.02}) or a percentage
     * @param min the lowest acceptable mean
     */
    public record RagExpectation(String metric, Tolerance tolerance, Double min) {}

    /**
     * @param prometheus base URL of the Prometheus HTTP API (or Thanos, Mimir, VictoriaMetrics)
     * @param timeout bound of each query (default 10s)
     * @param expectations see {@link TelemetryExpectation}; semantics in docs/telemetry.md
     * @param step the step of the points a query without {@code $__window} is evaluated at (null: the default, see docs/telemetry.md)
     */
    public record TelemetryConfig(String prometheus, Duration timeout, List<TelemetryExpectation> expectations, Duration step) {
        public TelemetryConfig {
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            expectations = expectations == null ? List.of() : List.copyOf(expectations);
        }
    }

    /**
     * One telemetry expectation as written; {@code TelemetrySettings} validates and converts it.
     *
     * @param name unique, shown in reports and used as the stored key
     * @param query PromQL; {@code $__window} stands for the reporting window's length
     * @param kind {@code absolute} (max/min) or {@code relative} (baseline + tolerance); inferred when absent
     * @param max upper bound of an absolute expectation
     * @param min lower bound of an absolute expectation
     * @param baseline {@code 1d}, {@code 1w} or {@code trailing:N}
     * @param tolerance {@code 10%} of the baseline, or an absolute amount in the query's unit
     * @param better {@code lower} (default) or {@code higher}: which way is good, for relative expectations
     * @param metric the metric it stands for (default {@code telemetry.<name as snake case>})
     * @param squad the owning squad (one of {@code squads})
     * @param panel Grafana panel URL; {@code from}/{@code to} are set to the window
     * @param aggregate for a query without {@code $__window}: {@code mean} (default), {@code worst}, {@code last} or {@code p95} of its points
     * @param step for a query without {@code $__window}: the step of its points (default {@code telemetry.step})
     */
    public record TelemetryExpectation(String name, String query, String kind, Double max, Double min, String baseline,
            Tolerance tolerance, String better, String metric, String squad, String panel, String aggregate, Duration step) {}

    /**
     * The {@code notify} section; defaults, validation and the mapping to channels are in {@code NotifyConfigs}.
     *
     * @param lease how long a claimed outbox message is hidden from other dispatchers (null: the default)
     */
    public record NotifyConfig(PagerDuty pagerduty, Slack slack, Jira jira, Grafana grafana, Duration lease) {}

    public record PagerDuty(String routingKeyEnv, String url, String severity, String source) {}

    public record Slack(String tokenEnv, String channel, String devopsOncall, String devopsChannel, String url) {}

    public record Jira(String url, String project, String tokenEnv, String userEnv, String issueType,
            String followUpIssueType, String acknowledgeTransition, String resolveTransition, String linkType,
            List<String> labels) {}

    public record Grafana(String url, String tokenEnv, String dashboardUid) {}

    /** @param db SQLite file of the embedded store; @param jdbcUrl a PostgreSQL JDBC URL (wins over db) */
    public record StoreConfig(String db, String jdbcUrl) {}

    /**
     * @param publicUrl the absolute http(s) URL people reach perfguard's web pages at; notifications link to
     *     {@code <publicUrl>/incidents/<id>} when it is set (null: no links). See {@link ServerSettings}.
     */
    public record ServerConfig(String publicUrl) {}

    /**
     * The fast-fix branch's rerun hook ({@code rerun: {url, token_env, ref, inputs}}): a CI trigger of GitHub Actions'
     * {@code workflow_dispatch} shape; see {@link RerunSettings}. No {@code url}: no hook.
     */
    public record RerunConfig(String url, String tokenEnv, String ref, Map<String, String> inputs) {
        public RerunConfig {
            ref = ref == null ? "main" : ref;
            inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        }
    }

    /** A dashboard panel of a metric family ({@code panels: {lighthouse: [{title, url}]}}); see {@link PanelSettings}. */
    public record Panel(String title, String url) {}
    /**
     * @param allowedHosts hosts besides loopback that {@code perfguard loadtest run} may send load to: a host
     *     name or IP address, compared with the scenario's target host without case; nothing else is reachable
     * @param scenario for {@code perfguard serve}: the scenario a confirmed load-test slot runs at its start (null: none run)
     * @param queries with {@code qrels}: the retrieval check's query set (rag-eval collect before and after the test)
     * @param endpoint the retrieval endpoint, resolved against the scenario's target (default {@code /search})
     * @param dataset the re-collected metrics' dataset (default: the qrels file's name)
     * @param poll how often {@code perfguard serve} looks for a slot whose start has come (default 30s)
     */
    public record LoadtestConfig(List<String> allowedHosts, String scenario, String queries, String qrels, String endpoint,
            String dataset, Duration poll) {
        public LoadtestConfig {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            endpoint = endpoint == null ? "/search" : endpoint;
            poll = poll == null ? Duration.ofSeconds(30) : poll;
        }

        public LoadtestConfig(List<String> allowedHosts) {
            this(allowedHosts, null, null, null, null, null, null);
        }
    }

    /**
     * The {@code flags} section: one flag store, a flagd flag-definition file or Unleash; validated and built by
     * {@link FlagSettings}. See docs/flags.md.
     *
     * @param flagd path of the flagd flag-definition file
     * @param unleash the Unleash Admin API
     * @param diffLookback how far before the regression the flag diff looks when no baseline time is given (default 24h)
     */
    public record FlagsConfig(String flagd, Unleash unleash, Duration diffLookback) {}

    /** @param timeout bound of each Admin API call (default 10s) */
    public record Unleash(String url, String project, String environment, String tokenEnv, Duration timeout) {}
}
