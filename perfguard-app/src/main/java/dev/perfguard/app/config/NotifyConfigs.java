package dev.perfguard.app.config;

import dev.perfguard.app.config.PerfguardConfig.NotifyConfig;
import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.runbook.notify.NotifySettings;
import dev.perfguard.runbook.notify.StoreOutbox;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code notify} section: its defaults, its validation (errors name the file, the line and the key)
 * and its mapping to the channel layer's {@link NotifySettings}. See docs/configuration.md, "notify".
 */
public final class NotifyConfigs {

    static final String JIRA_USER_ENV = "JIRA_USER";
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern PROJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,31}");
    private static final Pattern LABEL = Pattern.compile("[^\\s]{1,255}");

    private static final Duration MIN_LEASE = Duration.ofSeconds(1);
    private static final Duration MAX_LEASE = Duration.ofHours(1);

    private NotifyConfigs() {}

    /** How long a dispatcher's claim hides a message: {@code notify.lease}, by default {@link StoreOutbox#DEFAULT_LEASE}. */
    public static Duration lease(NotifyConfig n) {
        return n.lease() == null ? StoreOutbox.DEFAULT_LEASE : n.lease();
    }

    /** Validates the section as loaded from {@code yaml} (for line numbers); the first problem is a {@code CONFIG} error. */
    static void validate(String file, String yaml, NotifyConfig n) {
        Check c = new Check(file, yaml);
        if (n.jira() != null) {
            var j = n.jira();
            c.url("notify.jira.url", j.url(), null);
            c.require("notify.jira.project", j.project());
            c.that(PROJECT.matcher(j.project()).matches(), "notify.jira.project",
                    "'" + j.project() + "' is not a Jira project key (expected upper-case letters, digits, '_', starting with a letter)");
            c.env("notify.jira.token_env", j.tokenEnv(), true);
            c.env("notify.jira.user_env", j.userEnv(), false);
            for (String key : List.of("issue_type", "follow_up_issue_type", "acknowledge_transition", "resolve_transition", "link_type")) {
                String v = switch (key) {
                    case "issue_type" -> j.issueType();
                    case "follow_up_issue_type" -> j.followUpIssueType();
                    case "acknowledge_transition" -> j.acknowledgeTransition();
                    case "resolve_transition" -> j.resolveTransition();
                    default -> j.linkType();
                };
                c.that(v == null || !v.isBlank(), "notify.jira." + key, "must not be blank");
            }
            if (j.labels() != null) {
                for (int i = 0; i < j.labels().size(); i++) {
                    String l = j.labels().get(i);
                    c.that(l != null && LABEL.matcher(l).matches(), "notify.jira.labels[" + i + "]",
                            "'" + l + "' is not a Jira label (1-255 characters without spaces)");
                }
            }
        }
        if (n.pagerduty() != null) {
            var p = n.pagerduty();
            c.env("notify.pagerduty.routing_key_env", p.routingKeyEnv(), true);
            c.url("notify.pagerduty.url", p.url(), NotifySettings.PagerDuty.DEFAULT_URL);
            c.that(p.severity() == null || NotifySettings.PagerDuty.SEVERITIES.contains(p.severity()), "notify.pagerduty.severity",
                    "'" + p.severity() + "' is not one of " + String.join(", ", NotifySettings.PagerDuty.SEVERITIES));
        }
        if (n.slack() != null) {
            var s = n.slack();
            c.env("notify.slack.token_env", s.tokenEnv(), true);
            c.url("notify.slack.url", s.url(), NotifySettings.Slack.DEFAULT_URL);
            c.that(s.devopsOncall() == null || SLACK_USER.matcher(s.devopsOncall()).matches(), "notify.slack.devops_oncall",
                    "'" + s.devopsOncall() + "' is not a Slack user id (like U123ABC)");
            c.that(s.channel() == null || !s.channel().isBlank(), "notify.slack.channel", "must not be blank");
            c.that(s.devopsChannel() == null || !s.devopsChannel().isBlank(), "notify.slack.devops_channel", "must not be blank");
        }
        c.that(n.lease() == null || (n.lease().compareTo(MIN_LEASE) >= 0 && n.lease().compareTo(MAX_LEASE) <= 0),
                "notify.lease", "must be between 1s and 1h, was " + n.lease());
        if (n.grafana() != null) {
            var g = n.grafana();
            c.url("notify.grafana.url", g.url(), null);
            c.env("notify.grafana.token_env", g.tokenEnv(), true);
        }
    }

    /** The channel settings of a validated section, with the documented defaults filled in. */
    public static NotifySettings settings(NotifyConfig n, String service) {
        Optional<NotifySettings.Jira> jira = Optional.ofNullable(n.jira()).map(j -> new NotifySettings.Jira(URI.create(j.url()),
                j.project(), or(j.issueType(), "Bug"), or(j.followUpIssueType(), "Task"), or(j.userEnv(), JIRA_USER_ENV),
                j.tokenEnv(), or(j.acknowledgeTransition(), "In Progress"), or(j.resolveTransition(), "Done"),
                or(j.linkType(), "Relates"), j.labels() == null ? List.of() : j.labels()));
        Optional<NotifySettings.PagerDuty> pd = Optional.ofNullable(n.pagerduty()).map(p -> new NotifySettings.PagerDuty(
                p.url() == null ? NotifySettings.PagerDuty.DEFAULT_URL : URI.create(p.url()), p.routingKeyEnv(),
                or(p.severity(), "error"), or(p.source(), service)));
        Optional<NotifySettings.Slack> slack = Optional.ofNullable(n.slack()).map(s -> new NotifySettings.Slack(
                s.url() == null ? NotifySettings.Slack.DEFAULT_URL : URI.create(s.url()), s.tokenEnv(),
                or(s.channel(), "#theo-perf-alerts"), Optional.ofNullable(s.devopsOncall()), or(s.devopsChannel(), "#devops-requests")));
        Optional<NotifySettings.Grafana> grafana = Optional.ofNullable(n.grafana()).map(g -> new NotifySettings.Grafana(
                URI.create(g.url()), g.tokenEnv(), Optional.ofNullable(g.dashboardUid())));
        return new NotifySettings(jira, pd, slack, grafana);
    }

    private static String or(String v, String dflt) {
        return v == null ? dflt : v;
    }

    /** Validation steps that report {@code file:line: key 'k': message}. */
    record Check(String file, String yaml) {
        void that(boolean ok, String key, String message) {
            if (!ok) {
                int line = YamlLines.lineOf(key, yaml);
                throw new PerfguardException(ErrorCode.CONFIG, (line < 1 ? file : file + ":" + line) + ": key '" + key + "': " + message);
            }
        }

        void require(String key, String value) {
            int dot = key.lastIndexOf('.');
            String section = key.substring(0, dot);
            if (value == null || value.isBlank()) {
                int line = YamlLines.lineOf(section, yaml);
                throw new PerfguardException(ErrorCode.CONFIG, (line < 1 ? file : file + ":" + line) + ": key '" + key
                        + "': is required when " + section + " is configured");
            }
        }

        void env(String key, String value, boolean required) {
            if (required) {
                require(key, value);
            }
            // the value is not echoed: a secret pasted here must not reach a log
            that(value == null || ENV.matcher(value).matches(), key, "is not an environment variable name "
                    + "(letters, digits, '_'); name the variable that holds the secret, never the secret itself");
        }

        void url(String key, String value, URI dflt) {
            if (dflt == null) {
                require(key, value);
            }
            if (value == null) {
                return;
            }
            URI u;
            try {
                u = new URI(value);
            } catch (URISyntaxException e) {
                that(false, key, "'" + value + "' is not a URL");
                return;
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            that(u.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null
                    && u.getRawUserInfo() == null && u.getRawQuery() == null && u.getRawFragment() == null, key,
                    "'" + value + "' must be an absolute http(s) URL with a host and no user info, query or fragment"
                            + (dflt == null ? "" : " (default " + dflt + ")"));
        }
    }
}
