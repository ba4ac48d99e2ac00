/** {@code perfguard ingest}: CI metric files stored as series per branch and judged (docs/ingest.md). */
package dev.perfguard.app.cli.ingest;
