/**
 * The web pages people open from a Slack or PagerDuty link: server-rendered HTML over the same
 * composition root as the REST API. Empty for now: the room is here so that the pages land beside
 * {@code server} (routes, errors, authentication) rather than inside it. May import
 * {@code app.server} for authentication and errors, {@code app.config}, and the runbook's services;
 * nothing in {@code app} imports it except the composition root that mounts its routes.
 */
package dev.perfguard.app.web;
