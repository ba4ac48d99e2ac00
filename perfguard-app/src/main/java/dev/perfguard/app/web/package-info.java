/**
 * The web pages people open from a Slack or PagerDuty link: server-rendered HTML over the same
 * composition root as the REST API, mounted by {@code server} through its {@code Pages} seam. Templates
 * live in {@code src/main/jte} and are compiled into this package ({@code Jte*Generated}); {@link
 * dev.perfguard.app.web.Html} renders them. May import {@code app.server} and the runbook's services (an
 * ingested build's verdict is {@code CiCheck.Outcome#verdict}, the one {@code ingest} and {@code check} give);
 * nothing in {@code app} imports it except the composition root that mounts it.
 */
package dev.perfguard.app.web;
