package dev.perfguard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.notify.NotifySettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyConfigsTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void theDesignSketchKeysStayValidAndGetTheDefaults() {
        PerfguardConfig c = loader.parse("perfguard.yaml", """
                notify:
                  pagerduty: { routing_key_env: PD_ROUTING_KEY }
                  slack: { token_env: SLACK_TOKEN, channel: "#theo-perf-alerts", devops_oncall: U123 }
                  jira: { url: https://example.atlassian.net, project: PERF, token_env: JIRA_TOKEN }
                """);
        NotifySettings s = NotifyConfigs.settings(c.notifications(), c.service());

        assertThat(s.jira()).contains(new NotifySettings.Jira(URI.create("https://example.atlassian.net"), "PERF", "Bug", "Task",
                "JIRA_USER", "JIRA_TOKEN", "In Progress", "Done", "Relates", List.of()));
        assertThat(s.pagerDuty()).contains(new NotifySettings.PagerDuty(URI.create("https://events.pagerduty.com"),
                "PD_ROUTING_KEY", "error", "theo-engine-web"));
        assertThat(s.slack()).contains(new NotifySettings.Slack(URI.create("https://slack.com/api"), "SLACK_TOKEN",
                "#theo-perf-alerts", Optional.of("U123"), "#devops-requests"));
        assertThat(s.grafana()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        PerfguardConfig c = loader.parse("perfguard.yaml", """
                service: theo-engine-web
                notify:
                  pagerduty:
                    routing_key_env: PD_KEY
                    url: http://127.0.0.1:9001
                    severity: critical
                    source: perf-lab
                  slack:
                    token_env: SLACK_BOT_TOKEN
                    url: http://127.0.0.1:9002/api
                    channel: C0ALERTS
                    devops_oncall: U0DEVOPS
                    devops_channel: "#devops"
                  jira:
                    url: https://theo.atlassian.net
                    project: PERF
                    token_env: JIRA_API_TOKEN
                    user_env: JIRA_EMAIL
                    issue_type: Performance Regression
                    follow_up_issue_type: Task
                    acknowledge_transition: Start work
                    resolve_transition: Resolve issue
                    link_type: Blocks
                    labels: [web, perf]
                  grafana:
                    url: https://grafana.theo.internal
                    token_env: GRAFANA_TOKEN
                    dashboard_uid: web-vitals
                """);
        NotifySettings s = NotifyConfigs.settings(c.notifications(), c.service());
        assertThat(s.pagerDuty().orElseThrow()).isEqualTo(new NotifySettings.PagerDuty(URI.create("http://127.0.0.1:9001"),
                "PD_KEY", "critical", "perf-lab"));
        assertThat(s.slack().orElseThrow().url()).isEqualTo(URI.create("http://127.0.0.1:9002/api"));
        assertThat(s.jira().orElseThrow()).isEqualTo(new NotifySettings.Jira(URI.create("https://theo.atlassian.net"), "PERF",
                "Performance Regression", "Task", "JIRA_EMAIL", "JIRA_API_TOKEN", "Start work", "Resolve issue", "Blocks",
                List.of("web", "perf")));
        assertThat(s.grafana().orElseThrow().dashboardUid()).contains("web-vitals");
    }

    @Test
    void nothingConfiguredMeansNoChannels() {
        NotifySettings s = NotifyConfigs.settings(PerfguardConfig.defaults().notifications(), "svc");
        assertThat(s).isEqualTo(NotifySettings.none());
    }

    @Test
    void errorsNameTheLineAndTheKey() {
        assertError("""
                notify:
                  pagerduty:
                    routing_key_env: PD_KEY
                    severity: sev1
                """, "p.yaml:4: key 'notify.pagerduty.severity': 'sev1' is not one of critical, error, warning, info");
        assertError("""
                notify:
                  slack:
                    channel: "#x"
                """, "p.yaml:2: key 'notify.slack.token_env': is required when notify.slack is configured");
        assertError("""
                notify:
                  jira:
                    url: ftp://example.atlassian.net
                    project: PERF
                    token_env: JIRA_TOKEN
                """, "p.yaml:3: key 'notify.jira.url': 'ftp://example.atlassian.net' must be an absolute http(s) URL");
        assertError("""
                notify:
                  jira:
                    url: https://example.atlassian.net
                    project: perf
                    token_env: JIRA_TOKEN
                """, "p.yaml:4: key 'notify.jira.project': 'perf' is not a Jira project key");
        assertError("""
                notify:
                  grafana:
                    token_env: GRAFANA_TOKEN
                """, "p.yaml:2: key 'notify.grafana.url': is required when notify.grafana is configured");
        assertError("""
                notify:
                  slack:
                    token_env: SLACK_TOKEN
                    devops_oncall: "@dan"
                """, "p.yaml:4: key 'notify.slack.devops_oncall': '@dan' is not a Slack user id");
        assertError("""
                notify:
                  jira:
                    url: https://example.atlassian.net
                    project: PERF
                    token_env: JIRA_TOKEN
                    tokn_env: X
                """, "p.yaml:6: key 'notify.jira.tokn_env': unknown key 'tokn_env'");
    }

    @Test
    void aSecretPastedInsteadOfAVariableNameIsRefusedWithoutEchoingIt() {
        String secret = "xoxb-1111-2222-pasted-secret";
        assertThatThrownBy(() -> loader.parse("p.yaml", "notify:\n  slack:\n    token_env: " + secret + "\n"))
                .isInstanceOf(PerfguardException.class)
                .hasMessageStartingWith("p.yaml:3: key 'notify.slack.token_env': is not an environment variable name")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> loader.parse("p.yaml", yaml))
                .isInstanceOf(PerfguardException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((PerfguardException) e).code()).isEqualTo(ErrorCode.CONFIG));
    }
}
