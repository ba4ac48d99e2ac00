package dev.perfguard.runbook.notify;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings and environment pointing every channel at local stubs. */
final class TestEnv {

    static final Clock CLOCK = Clock.fixed(NotifyFixtures.at(60), ZoneOffset.UTC);
    static final Map<String, String> ENV = Map.of(
            "JIRA_USER", JiraStub.USER, "JIRA_TOKEN", JiraStub.TOKEN,
            "PD_ROUTING_KEY", PagerDutyStub.ROUTING_KEY,
            "SLACK_TOKEN", SlackStub.TOKEN,
            "GRAFANA_TOKEN", GrafanaStub.TOKEN);
    static final List<String> SECRETS = List.copyOf(ENV.values());

    private TestEnv() {}

    static NotifySettings.Jira jira(URI url) {
        return new NotifySettings.Jira(url, "PERF", "Bug", "Task", "JIRA_USER", "JIRA_TOKEN", "In Progress",
                "Resolve issue", "Relates", List.of("theo-engine-web"));
    }

    static NotifySettings.PagerDuty pagerDuty(URI url) {
        return new NotifySettings.PagerDuty(url, "PD_ROUTING_KEY", "error", "");
    }

    static NotifySettings.Slack slack(URI url) {
        return new NotifySettings.Slack(url, "SLACK_TOKEN", "#theo-perf-alerts", Optional.of("U123DEVOPS"), "#devops-requests");
    }

    static NotifySettings.Grafana grafana(URI url) {
        return new NotifySettings.Grafana(url, "GRAFANA_TOKEN", Optional.empty());
    }

    static Map<String, Channel> channels(NotifySettings settings, ArtefactSource artefacts) {
        return Channels.create(settings, ENV::get, Channels.httpClient(), CLOCK, artefacts);
    }

    static Channel jiraChannel(URI url, ArtefactSource artefacts) {
        return channels(new NotifySettings(Optional.of(jira(url)), Optional.empty(), Optional.empty(), Optional.empty()),
                artefacts).get("jira");
    }

    static Channel pagerDutyChannel(URI url) {
        return channels(new NotifySettings(Optional.empty(), Optional.of(pagerDuty(url)), Optional.empty(), Optional.empty()),
                ArtefactSource.none()).get("pagerduty");
    }

    static Channel slackChannel(URI url) {
        return channels(new NotifySettings(Optional.empty(), Optional.empty(), Optional.of(slack(url)), Optional.empty()),
                ArtefactSource.none()).get("slack");
    }

    static Channel grafanaChannel(URI url) {
        return channels(new NotifySettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(grafana(url))),
                ArtefactSource.none()).get("grafana");
    }

    static DeliveryContext ctx(int attempt, String key, Map<String, String> refs, Optional<URI> ticket) {
        return new DeliveryContext(attempt, key, new ExternalRefs(refs, ticket));
    }
}
