package dev.perfguard.signals.loadtest;

import dev.perfguard.core.PerfguardException;
import dev.perfguard.core.loadtest.LoadTestSummary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text wrk prints with {@code --latency} (wrk2's {@code -R} output too): the thread stats'
 * latency {@code Avg} and {@code Max}, the "Latency Distribution" percentiles (50 % is {@code med}),
 * "N requests in Ts", the socket errors and "Non-2xx or 3xx responses" (both count as failed requests,
 * as k6's {@code http_req_failed} would). wrk reports no minimum; a threshold on it fails as unmeasured.
 * Durations carry wrk's units ({@code us}, {@code ms}, {@code s}, {@code m}, {@code h}).
 */
public final class WrkOutputReader {
    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?)";
    private static final String DUR = NUM + "(us|ms|s|m|h)";
    private static final Pattern LATENCY = Pattern.compile("^\\s*Latency\\s+" + DUR + "\\s+" + DUR + "\\s+" + DUR, Pattern.MULTILINE);
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*" + NUM + "%\\s+" + DUR + "\\s*$", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s*([0-9]+) requests in " + DUR, Pattern.MULTILINE);
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");

    private WrkOutputReader() {}

    /** Whether {@code text} looks like wrk's output (it starts a test with "Running ... test @"). */
    public static boolean looksLikeWrk(String text) {
        return text.contains(" test @ ") && REQUESTS.matcher(text).find();
    }

    public static LoadTestSummary parse(String file, String text) {
        Matcher r = REQUESTS.matcher(text);
        if (!r.find()) {
            throw PerfguardException.badInput(file + ": not wrk output: no line 'N requests in T'");
        }
        long requests = Long.parseLong(r.group(1));
        double seconds = millis(r.group(2), r.group(3)) / 1000;
        Map<String, Double> duration = new LinkedHashMap<>();
        Matcher l = LATENCY.matcher(text);
        if (l.find()) {
            duration.put("avg", millis(l.group(1), l.group(2)));
            duration.put("max", millis(l.group(5), l.group(6)));
        }
        Matcher p = PERCENTILE.matcher(text);
        int dist = text.indexOf("Latency Distribution");
        while (dist >= 0 && p.find(dist)) {
            double pct = Double.parseDouble(p.group(1));
            double ms = millis(p.group(2), p.group(3));
            if (pct == 50) {
                duration.put("med", ms);
            } else if (pct > 0 && pct < 100) {
                duration.put("p(" + dev.perfguard.core.loadtest.Threshold.percentileName(pct) + ")", ms);
            } else if (pct == 100) {
                duration.putIfAbsent("max", ms);
            }
            dist = p.end();
        }
        long failed = 0;
        Matcher s = SOCKET.matcher(text);
        if (s.find()) {
            for (int g = 1; g <= 4; g++) {
                failed += Long.parseLong(s.group(g));
            }
        }
        Matcher n = NON_2XX.matcher(text);
        if (n.find()) {
            failed += Long.parseLong(n.group(1));
        }
        // socket errors may exceed completed requests (a refused connection completes none)
        long total = Math.max(requests, failed);
        return new LoadTestSummary("wrk", seconds, total, failed, total, 0, duration, Map.of());
    }

    private static double millis(String number, String unit) {
        double v = Double.parseDouble(number);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> v * 3_600_000;
        };
    }
}
