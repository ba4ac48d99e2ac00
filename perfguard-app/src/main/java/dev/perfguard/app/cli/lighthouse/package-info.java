/**
 * {@code perfguard lighthouse compare} and {@code perfguard check}, and the comparison report in text,
 * Markdown (a pull-request comment), JSON (schema in {@code docs/lighthouse.md}) and JUnit XML.
 *
 * <p>May import: {@code app.cli}, {@code app.config}, {@code app.wiring}, {@code app.client},
 * {@code runbook.builds}, {@code core.lighthouse}, {@code core.incident}, {@code signals.lighthouse}, and
 * {@code app.cli.ingest.StoredBuildCheck} (a {@code check} of an ingested build without Lighthouse reports).
 */
package dev.perfguard.app.cli.lighthouse;
