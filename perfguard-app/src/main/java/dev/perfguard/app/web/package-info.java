/**
 * The web pages people open from a Slack or PagerDuty link: server-rendered HTML over the same
 * composition root as the REST API, mounted by {@code server} through its {@code Pages} seam. Templates
 * live in {@code src/main/jte} and are compiled into this package ({@code Jte*Generated}); {@link
 * dev.perfguard.app.web.Html} renders them. May import {@code app.server}, the runbook's services, and
 * {@code app.cli.lighthouse.LighthouseReport} so that a build comparison reads the same on a page as in a CI log
 * (and {@code app.cli.ingest.IngestCommand#verdict}, so an ingested build's verdict does);
 * nothing in {@code app} imports it except the composition root that mounts it.
 */
package dev.perfguard.app.web;
