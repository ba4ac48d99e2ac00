package dev.perfguard.app.cli.lighthouse;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.lighthouse.LighthouseRun;
import dev.perfguard.core.lighthouse.assertions.AssertConfig;
import dev.perfguard.core.lighthouse.assertions.AssertionReport;
import dev.perfguard.core.lighthouse.assertions.LhciAssertions;
import java.util.List;

/** Judges Lighthouse CI assertions for a command; an assertion key LHCI rejects is a configuration error. */
final class Assertions {
    private Assertions() {}

    static AssertionReport judge(AssertConfig config, List<LighthouseRun> runs) {
        try {
            return LhciAssertions.evaluate(config, runs);
        } catch (IllegalArgumentException e) {
            throw new PerfguardException(ErrorCode.CONFIG, "Lighthouse CI assertions: " + e.getMessage(), e);
        }
    }
}
