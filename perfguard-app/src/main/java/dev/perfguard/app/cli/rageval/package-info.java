/**
 * {@code perfguard rag-eval}: {@code evaluate} (trec_eval's output, byte for byte), {@code compare} (paired
 * tests, failing query IDs, {@code --expect} rules), {@code generate} (synthetic cases) and {@code collect}
 * (the runbook's live collection), with their reports.
 *
 * <p>May import: {@code app.cli}, {@code app.slot} (the default measures, collect's checks), {@code core.rageval},
 * {@code core.retry}, {@code signals.rageval}.
 */
package dev.perfguard.app.cli.rageval;
