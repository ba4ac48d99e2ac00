/**
 * CI metrics in the store ({@code V26__metric_points.sql}, {@code V27__ci_build_sources.sql}): {@link
 * dev.perfguard.runbook.ci.MetricPoints} keeps each ingested build's metrics as series per branch (and lists builds
 * and series for the build list and the explorer), and {@link dev.perfguard.runbook.ci.CiCheck} judges a build against
 * its baseline build and over its branch's history, when ingested or again from the store. Semantics in
 * {@code docs/ingest.md}.
 *
 * <p>May import: {@code core}, {@code core.ci}, {@code core.changepoint}, {@code core.stats}, {@code runbook.store},
 * {@code runbook.builds} (the check policy).
 */
package dev.perfguard.runbook.ci;
