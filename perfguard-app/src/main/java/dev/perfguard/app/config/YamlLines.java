package dev.perfguard.app.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a key path ({@code notify.jira.labels[1]}) stands in a YAML text, for errors that name the line. */
final class YamlLines {
    private YamlLines() {}

    /** The 1-based line of {@code path} in {@code text}, or of the deepest part of it found; -1 when none is. */
    static int lineOf(String path, String text) {
        if (path.isEmpty() || text == null) {
            return -1;
        }
        String[] lines = text.split("\n", -1);
        int from = 0;
        int found = -1;
        for (String segment : path.split("\\.")) {
            String field = segment.replaceAll("\\[\\d+]", "");
            Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(segment);
            Pattern key = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(field) + "\\s*:");
            int hit = -1;
            for (int i = from; i < lines.length; i++) {
                String l = lines[i].replaceFirst("\\s#.*$", "");
                if (key.matcher(l).find()) {
                    hit = i;
                    break;
                }
            }
            if (hit < 0) {
                return found;
            }
            found = hit + 1;
            from = hit;
            while (idx.find()) {
                int n = Integer.parseInt(idx.group(1));
                int seen = -1;
                for (int i = from + 1; i < lines.length; i++) {
                    if (lines[i].trim().startsWith("- ") && ++seen == n) {
                        from = i;
                        found = i + 1;
                        break;
                    }
                }
            }
        }
        return found;
    }
}
