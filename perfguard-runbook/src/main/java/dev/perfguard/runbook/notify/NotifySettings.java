package dev.perfguard.runbook.notify;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The channels configured in {@code perfguard.yaml}'s {@code notify} section, as the channel layer needs
 * them. Secrets are named by environment variable only. An absent channel is not used; with none
 * configured the {@code console} channel is.
 */
public record NotifySettings(Optional<Jira> jira, Optional<PagerDuty> pagerDuty, Optional<Slack> slack,
        Optional<Grafana> grafana) {

    public NotifySettings {
        Objects.requireNonNull(jira, "jira");
        Objects.requireNonNull(pagerDuty, "pagerDuty");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(grafana, "grafana");
    }

    public static NotifySettings none() {
        return new NotifySettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Jira Cloud. Basic auth with {@code userEnv} (the account e-mail) and {@code tokenEnv} (an API token).
     * Transitions are looked up by name on each issue; {@code linkType} names the issue link type of
     * follow-ups (Jira's default scheme has {@code Relates}).
     */
    public record Jira(URI url, String project, String issueType, String followUpIssueType, String userEnv,
            String tokenEnv, String acknowledgeTransition, String resolveTransition, String linkType,
            List<String> labels) {
        public Jira {
            Endpoint.requireBase(url, "notify.jira.url");
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(issueType, "issueType");
            Objects.requireNonNull(followUpIssueType, "followUpIssueType");
            Objects.requireNonNull(userEnv, "userEnv");
            Objects.requireNonNull(tokenEnv, "tokenEnv");
            Objects.requireNonNull(acknowledgeTransition, "acknowledgeTransition");
            Objects.requireNonNull(resolveTransition, "resolveTransition");
            Objects.requireNonNull(linkType, "linkType");
            labels = List.copyOf(labels);
        }
    }

    /** PagerDuty Events API v2; {@code url} is {@code https://events.pagerduty.com} by default. */
    public record PagerDuty(URI url, String routingKeyEnv, String severity, String source) {
        public static final URI DEFAULT_URL = URI.create("https://events.pagerduty.com");
        public static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

        public PagerDuty {
            Endpoint.requireBase(url, "notify.pagerduty.url");
            Objects.requireNonNull(routingKeyEnv, "routingKeyEnv");
            if (!SEVERITIES.contains(severity)) {
                throw new IllegalArgumentException("notify.pagerduty.severity must be one of " + SEVERITIES + ", was " + severity);
            }
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * Slack Web API; {@code url} is {@code https://slack.com/api} by default. {@code channel} is the alerts
     * channel, {@code devopsOncall} the DevOps on-call's user id (DMs are skipped when empty),
     * {@code devopsChannel} where load-test slot requests go.
     */
    public record Slack(URI url, String tokenEnv, String channel, Optional<String> devopsOncall, String devopsChannel) {
        public static final URI DEFAULT_URL = URI.create("https://slack.com/api");

        public Slack {
            Endpoint.requireBase(url, "notify.slack.url");
            Objects.requireNonNull(tokenEnv, "tokenEnv");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(devopsOncall, "devopsOncall");
            Objects.requireNonNull(devopsChannel, "devopsChannel");
        }
    }

    /** Grafana HTTP API (no vendor default: Grafana is self-hosted or per-stack); {@code dashboardUid} scopes annotations. */
    public record Grafana(URI url, String tokenEnv, Optional<String> dashboardUid) {
        public Grafana {
            Endpoint.requireBase(url, "notify.grafana.url");
            Objects.requireNonNull(tokenEnv, "tokenEnv");
            Objects.requireNonNull(dashboardUid, "dashboardUid");
        }
    }
}
