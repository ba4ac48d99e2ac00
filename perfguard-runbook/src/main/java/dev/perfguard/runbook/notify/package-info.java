/**
 * Notifications, delivered at least once and deduplicated across crashes: the outbox
 * ({@link dev.perfguard.runbook.notify.OutboxPort}, over the store in
 * {@link dev.perfguard.runbook.notify.StoreOutbox}), the routing of incident changes into outbox rows
 * ({@link dev.perfguard.runbook.notify.OutboxRouting}), the {@link dev.perfguard.runbook.notify.Dispatcher}
 * and its {@link dev.perfguard.runbook.notify.OutboxLoop}, and one channel per vendor (Jira, PagerDuty,
 * Slack, Grafana, the console). See {@code docs/notify.md}.
 *
 * <p>May import: {@code runbook.store}, {@code core}, {@code core.incident}, {@code core.retry}, the JDK's
 * HTTP client, Jackson. Never {@code runbook.incident}: the incident package implements this package's
 * {@link dev.perfguard.runbook.notify.Timeline} port instead.
 */
package dev.perfguard.runbook.notify;
