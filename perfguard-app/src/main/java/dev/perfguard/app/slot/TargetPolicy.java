package dev.perfguard.app.slot;

import dev.perfguard.core.ErrorCode;
import dev.perfguard.core.PerfguardException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which targets load may be sent to: loopback (every address the host name resolves to is a loopback
 * address), or a host listed in {@code loadtest.allowed_hosts}. Anything else is refused before a request.
 */
final class TargetPolicy {
    private TargetPolicy() {}

    static void check(URI target, List<String> allowedHosts, String scenarioFile) {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (String allowed : allowedHosts) {
            String a = allowed.toLowerCase(Locale.ROOT);
            if (a.equals(host) || a.equals(bare) || a.equals("[" + bare + "]")) {
                return;
            }
        }
        if (loopback(bare)) {
            return;
        }
        throw new PerfguardException(ErrorCode.CONFIG, scenarioFile + ": target: host '" + target.getHost()
                + "' is neither loopback nor listed in loadtest.allowed_hosts of perfguard.yaml"
                + (allowedHosts.isEmpty() ? " (none listed)" : " (listed: " + String.join(", ", allowedHosts) + ")")
                + "; perfguard sends load only where it is allowed to");
    }

    private static boolean loopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
