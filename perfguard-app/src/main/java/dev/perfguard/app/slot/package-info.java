/**
 * A load-test slot (runbook step 3.4) as a capability below the commands and the composition root:
 * {@link dev.perfguard.app.slot.SlotRun} runs a confirmed slot's scenario on the embedded generator with the
 * retrieval check around it ({@link dev.perfguard.app.slot.RetrievalCheck}: {@code rag-eval collect} before and
 * after the load, {@code rag-eval compare} with the drop rule, both with the commands' defaults), checks the
 * target against {@code loadtest.allowed_hosts} ({@code TargetPolicy}) and renders the k6-shaped summary
 * ({@link dev.perfguard.app.slot.LoadtestReport}). The server's slot runner, {@code incident load-test run},
 * {@code loadtest run|import}, {@code rag-eval collect|compare} and the demo use it.
 *
 * <p>May import: {@code core}, {@code signals.loadtest}, {@code signals.rageval}, Jackson, HdrHistogram. Never
 * {@code app.cli}, {@code app.client} or {@code app.wiring}: they import it.
 */
package dev.perfguard.app.slot;
