package dev.perfguard.runbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every form in which perfguard sends a secret, or a vendor may echo it, is taken out; ordinary text is not. */
class RedactorTest {
    static final String USER = JiraStub.USER;
    static final String TOKEN = "ATATT3xFfGF0-jira-Secret-Token-9f8e7d6c";
    static final Redactor JIRA = Redactor.NONE.name(USER).credential(TOKEN).basic(USER, TOKEN);

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyDerivedFormOfACredentialIsRedacted() {
        byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
        String basic = b64(USER + ":" + TOKEN);
        List<String> forms = List.of(TOKEN, TOKEN.toUpperCase(Locale.ROOT), TOKEN.toLowerCase(Locale.ROOT),
                TOKEN.substring(0, 8), TOKEN.substring(TOKEN.length() - 8), TOKEN.substring(10, 22),
                b64(TOKEN), b64(TOKEN).replace("=", ""), Base64.getUrlEncoder().encodeToString(token),
                Base64.getUrlEncoder().withoutPadding().encodeToString(token),
                URLEncoder.encode(TOKEN, StandardCharsets.UTF_8), "Basic " + basic, basic.substring(0, 20),
                basic.toLowerCase(Locale.ROOT), Base64.getUrlEncoder().withoutPadding().encodeToString((USER + ":" + TOKEN)
                        .getBytes(StandardCharsets.UTF_8)),
                USER, USER.toUpperCase(Locale.ROOT), URLEncoder.encode(USER, StandardCharsets.UTF_8), b64(USER));
        for (String form : forms) {
            // what is left of the form is at most a few characters at its ends, never a run of the secret
            assertRedacted(form, 0);
        }
        // the token inside a longer text that was base64-encoded whole, at each alignment: what is left is
        // the encoding of the text around it (12 characters for "Bearer ") and a character or two where they meet
        for (String form : List.of(b64("Bearer " + TOKEN), b64("x" + TOKEN + "y"), b64("xy" + TOKEN), b64("xyz" + TOKEN))) {
            assertRedacted(form, 12);
        }
    }

    private static void assertRedacted(String form, int around) {
        String out = JIRA.redact("vendor said: [" + form + "] end");
        assertThat(out).as(form).startsWith("vendor said: [").endsWith("] end").contains(Redactor.MASK);
        String left = out.replace("vendor said: [", "").replace("] end", "").replace(Redactor.MASK, " ");
        for (String piece : left.split(" ")) {
            assertThat(piece.length()).as(form + " leaves " + out).isLessThan(Redactor.RUN + around);
        }
    }

    @Test
    void ordinaryTextAndTheNamesRunsStay() {
        String text = "jira create issue: HTTP 400: labels perfguard-INC-7 and perfguard-message: INC-7:closed:jira; "
                + "field 'summary' required (example.com)";
        assertThat(JIRA.redact(text)).isEqualTo(text);
        assertThat(Redactor.NONE.redact(text)).isEqualTo(text);
        assertThat(JIRA.redact(null)).isNull();
        assertThat(Redactor.NONE.credential("abc").redact("abc abc")).isEqualTo("abc abc"); // too short to redact
        assertThat(Redactor.NONE.credential("abcdef").redact("x ABCDEF y abcde")).isEqualTo("x *** y abcde");
    }

    @Test
    void redactorsCombine() {
        Redactor both = Redactor.NONE.credential("first-secret-0001").and(Redactor.NONE.credential("second-secret-0002"));
        assertThat(both.redact("a first-secret-0001 b SECOND-SECRET c")).isEqualTo("a *** b *** c");
    }
}
