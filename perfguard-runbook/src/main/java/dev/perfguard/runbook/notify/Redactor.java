package dev.perfguard.runbook.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes what perfguard sends of its secrets out of a text (a vendor's error body, a delivery reason, a log
 * line), case-insensitively, and puts {@value #MASK} in its place:
 * <ul>
 *   <li>a <em>credential</em> (an API token, a routing key) in every form perfguard sends or a vendor may echo:
 *       as it is, base64 (standard and URL-safe, with and without padding, and the middle of the base64 of a
 *       longer text holding it, at each of the three byte alignments) and URL-encoded; and any run of at least
 *       {@value #RUN} characters of one of those forms, so a prefix, a suffix or a cut echo goes too;</li>
 *   <li>a <em>name</em> sent with a credential (the Jira user): the same forms, where they appear whole. Its
 *       runs are left alone: the user {@code perfguard-bot@example.com} shares "perfguard" with every label
 *       perfguard writes;</li>
 *   <li>an HTTP Basic value ({@code base64(user:token)}): its base64 forms and their runs.</li>
 * </ul>
 * Values shorter than {@value #SHORTEST} characters are not redacted: they would blank out ordinary words.
 */
final class Redactor {

    /** The shortest run of a credential's characters (in any form) that is redacted wherever it appears. */
    static final int RUN = 8;
    static final int SHORTEST = 4;
    static final String MASK = "***";
    static final Redactor NONE = new Redactor(List.of(), Set.of());

    /** Lower-case forms redacted where they appear whole. */
    private final List<String> whole;
    /** Lower-case runs of {@link #RUN} characters redacted wherever they appear. */
    private final Set<String> runs;

    private Redactor(List<String> whole, Set<String> runs) {
        this.whole = List.copyOf(whole);
        this.runs = Set.copyOf(runs);
    }

    /** This redactor and a credential. */
    Redactor credential(String value) {
        if (value.length() < SHORTEST) {
            return this;
        }
        Set<String> forms = forms(value);
        forms.addAll(embedded(value));
        return with(forms, forms);
    }

    /** This redactor and a name sent with a credential: its forms where they appear whole. */
    Redactor name(String value) {
        return value.length() < SHORTEST ? this : with(forms(value), Set.of());
    }

    /** This redactor and the HTTP Basic value of {@code user:token}. */
    Redactor basic(String user, String token) {
        Set<String> forms = base64(user + ":" + token);
        return with(forms, forms);
    }

    Redactor and(Redactor other) {
        return with(new LinkedHashSet<>(other.whole), Set.of()).withRuns(other.runs);
    }

    private Redactor with(Set<String> wholeForms, Set<String> runForms) {
        List<String> w = new ArrayList<>(whole);
        for (String f : wholeForms) {
            String lower = lower(f);
            if (f.length() >= SHORTEST && !w.contains(lower)) {
                w.add(lower);
            }
        }
        Set<String> r = new HashSet<>(runs);
        for (String f : runForms) {
            String lower = lower(f);
            for (int i = 0; i + RUN <= lower.length(); i++) {
                r.add(lower.substring(i, i + RUN));
            }
        }
        return new Redactor(w, r);
    }

    private Redactor withRuns(Set<String> more) {
        Set<String> r = new HashSet<>(runs);
        r.addAll(more);
        return new Redactor(whole, r);
    }

    /** {@code text} with every form and run of a secret replaced by {@value #MASK}; null stays null. */
    String redact(String text) {
        if (text == null || text.isEmpty() || (whole.isEmpty() && runs.isEmpty())) {
            return text;
        }
        String lower = lower(text);
        boolean[] hit = new boolean[text.length()];
        boolean any = false;
        for (String w : whole) {
            for (int at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
                for (int i = at; i < at + w.length(); i++) {
                    hit[i] = true;
                }
                any = true;
            }
        }
        for (int at = 0; at + RUN <= lower.length(); at++) {
            if (runs.contains(lower.substring(at, at + RUN))) {
                for (int i = at; i < at + RUN; i++) {
                    hit[i] = true;
                }
                any = true;
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!hit[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !hit[i - 1]) {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    /** Lower case char by char, so indexes stay those of the text (no locale, no length change). */
    private static String lower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toLowerCase(c[i]);
        }
        return new String(c);
    }

    private static Set<String> forms(String value) {
        Set<String> out = new LinkedHashSet<>();
        out.add(value);
        out.addAll(base64(value));
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        out.add(form);
        out.add(form.replace("+", "%20"));
        return out;
    }

    private static Set<String> base64(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Set<String> out = new LinkedHashSet<>();
        String std = Base64.getEncoder().encodeToString(bytes);
        String url = Base64.getUrlEncoder().encodeToString(bytes);
        out.add(std);
        out.add(std.replace("=", ""));
        out.add(url);
        out.add(url.replace("=", ""));
        return out;
    }

    /**
     * The characters of the base64 of a longer text holding {@code value} that depend on {@code value} alone, at
     * each byte offset modulo 3 (a {@code Bearer} header or a JSON body encoded whole, say).
     */
    private static Set<String> embedded(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Set<String> out = new LinkedHashSet<>();
        for (int shift = 1; shift <= 2; shift++) {
            byte[] padded = new byte[bytes.length + shift];
            System.arraycopy(bytes, 0, padded, shift, bytes.length);
            String std = Base64.getEncoder().withoutPadding().encodeToString(padded);
            // the first quartet mixes in the unknown bytes before the value; so does the last partial one after it
            int from = 4;
            int to = ((padded.length / 3) * 4);
            if (to > from) {
                out.add(std.substring(from, to));
                out.add(std.substring(from, to).replace('+', '-').replace('/', '_'));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Redactor[" + whole.size() + " forms, " + runs.size() + " runs]";
    }
}
