package dev.perfguard.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.core.incident.IncidentState;
import dev.perfguard.runbook.incident.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** The runbook clicked through in a real browser against a real server, as a responder and as a viewer. */
class BrowserLifecycleTest extends BrowserPages {
    @BeforeEach
    void start() throws Exception {
        Browser.require();
        web = new WebFixture(tmp);
        browser = Browser.start(1280, 900);
    }

    @Test
    void aResponderWorksTheIncidentFromSignInToTheReport() throws Exception {
        String id = web.openIncident(3400);
        signIn(Role.RESPONDER);
        assertThat(browser.driver.getTitle()).startsWith("Incidents");

        browser.driver.findElement(By.linkText(id)).click();
        browser.visible(By.xpath("//h1[text()='" + id + "']"));
        browser.waitForIdle();
        assertThat(browser.mainText()).contains("Needs 2 more in-tolerance windows", "+61.9 %", "p = 0.004");

        addHypothesisByKeyboard(id);
        move("investigating");

        // the two-hour rule is explained before submitting, and a slot inside it is refused in the page
        Instant now = web.clock.instant();
        WebElement rule = browser.driver.findElement(By.id("slot-rule"));
        assertThat(rule.getText()).contains("two hours ahead", Fmt.time(now.plus(Duration.ofHours(2))));
        requestSlot(now.plus(Duration.ofMinutes(90)));
        WebElement refused = browser.notice("less than 2 hours after now");
        assertThat(refused.getText()).contains("earliest allowed start is " + now.plus(Duration.ofHours(2)));
        assertThat(refused.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo(id);
        assertThat(web.incidents.get(id).incident().loadTests()).isEmpty();
        requestSlot(now.plus(Duration.ofHours(3)));
        browser.notice("Load-test slot 1 requested for " + Fmt.time(now.plus(Duration.ofHours(3))));
        click(By.xpath("//button[text()='Confirm slot 1']"));
        browser.notice("Load-test slot 1 confirmed.");

        // the decision tree as a form: no fix, contained by turning the flag off
        click(By.cssSelector("#decision-form input[name=fix][value=no]"));
        new Select(browser.driver.findElement(By.id("containment"))).selectByValue("feature-flag-rollback");
        click(By.cssSelector("#decision-form button[type=submit]"));
        browser.notice("Decision recorded:");
        move("mitigating");
        int tasks = web.incidents.get(id).incident().decision().orElseThrow().tasks().size();
        assertThat(tasks).isPositive();
        for (int n = 1; n <= tasks; n++) {
            click(By.xpath("//button[text()='Mark task " + n + " done']"));
            browser.notice("Task " + n + " marked done.");
        }
        assertThat(browser.driver.findElements(By.xpath("//button[starts-with(text(),'Mark task')]"))).isEmpty();
        move("monitoring");

        type(By.id("sum-root"), "the new hero image is no longer lazy-loaded");
        type(By.id("sum-rem"), "new-hero off; lazy-loading restored");
        click(By.xpath("//button[text()='Write summary']"));
        browser.notice("Summary written.");

        // no reporting window yet: the gate refuses, in the incident page, with its reason
        click(By.xpath("//button[text()='Close incident']"));
        WebElement gate = browser.notice("cannot be closed");
        assertThat(gate.getAttribute("role")).isEqualTo("alert");
        assertThat(gate.getText()).contains("window");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo(id);
        assertThat(web.incidents.get(id).incident().closure()).isEmpty();

        // the telemetry watch posts two in-tolerance windows that ended after the opening
        web.clock.set(Instant.parse("2026-11-27T13:05:00Z"));
        for (String start : List.of("2026-11-27T11:00:00Z", "2026-11-27T12:00:00Z")) {
            HttpResponse<String> posted = postWindow(id, start);
            assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 201);
        }
        browser.open(web.base() + "/incidents/" + id);
        assertThat(browser.driver.findElement(By.id("gate-words")).getText()).contains("Ready to close");
        click(By.xpath("//button[text()='Close incident']"));
        browser.notice("Closed: the closing gate passed.");
        assertThat(web.incidents.get(id).incident().state()).isEqualTo(IncidentState.CLOSED);
        assertThat(browser.driver.findElements(By.cssSelector("main form"))).isEmpty();

        browser.driver.findElement(By.linkText("Post-incident report")).click();
        browser.visible(By.xpath("//h1[contains(., 'Post-incident report')]"));
        browser.waitForIdle();
        assertThat(browser.mainText()).contains(id, "the new hero image is no longer lazy-loaded",
                "new-hero off; lazy-loading restored", "hero image no longer lazy-loaded");
        assertThat(browser.loadedResources()).allMatch(u -> u.startsWith(web.base() + "/"));
    }

    @Test
    void aViewerSeesTheIncidentWithoutAnyForm() throws Exception {
        String id = web.openIncident(3400);
        signIn(Role.VIEWER);
        browser.driver.findElement(By.linkText(id)).click();
        browser.visible(By.xpath("//h1[text()='" + id + "']"));
        browser.waitForIdle();
        assertThat(browser.mainText()).contains("Closing gate", "What broke", "+61.9 %");
        assertThat(browser.driver.findElements(By.cssSelector("main form"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("main button, main input, main textarea, main select")))
                .isEmpty();
    }

    @Test
    void everyControlOfTheIncidentPageIsInTheTabOrder() throws Exception {
        String id = new ExampleIncidents(web).underway();
        signIn(Role.ADMIN);
        browser.open(web.base() + "/incidents/" + id);
        JavascriptExecutor js = browser.driver;
        // every visible control that is not taken out of the tab order on purpose (tabindex=-1, like <main> as
        // the skip link's target); radios share one tab stop per group, so a group counts once
        @SuppressWarnings("unchecked")
        List<String> controls = (List<String>) js.executeScript("""
                var keys = [];
                document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')
                  .forEach(function (e, n) {
                    if (!e.getClientRects().length || e.disabled || e.tabIndex < 0) return;
                    var key = e.type === 'radio' ? 'radio:' + e.form.id + ':' + e.name : 'c' + n;
                    e.dataset.tabKey = key;
                    if (keys.indexOf(key) < 0) keys.push(key);
                  });
                return keys;""");
        assertThat(controls).hasSizeGreaterThan(30);
        @SuppressWarnings("unchecked")
        List<String> positive = (List<String>) js.executeScript("return Array.from(document.querySelectorAll('[tabindex]'))"
                + ".filter(function (e) { return e.tabIndex > 0; }).map(function (e) { return e.outerHTML; });");
        assertThat(positive).as("tabindex above 0 breaks the reading order").isEmpty();
        @SuppressWarnings("unchecked")
        List<String> removed = (List<String>) js.executeScript("return Array.from(document.querySelectorAll("
                + "'a[href], button, input:not([type=hidden]), select, textarea')).filter(function (e) { return e.tabIndex < 0; })"
                + ".map(function (e) { return e.outerHTML; });");
        assertThat(removed).as("controls taken out of the tab order").isEmpty();

        java.util.LinkedHashSet<String> reached = new java.util.LinkedHashSet<>();
        for (int n = 0; n < controls.size() * 2 + 10 && !reached.containsAll(controls); n++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            Object key = js.executeScript("return document.activeElement && document.activeElement.dataset.tabKey;");
            if (key != null) {
                reached.add(key.toString());
            }
        }
        List<String> missed = controls.stream().filter(k -> !reached.contains(k)).map(k -> (String) js.executeScript(
                "return document.querySelector('[data-tab-key=\"' + arguments[0] + '\"]').outerHTML;", k)).toList();
        assertThat(missed).as("controls the Tab key never reaches").isEmpty();
    }

    /** Signs in by pasting the token on the sign-in page the list redirects to. */
    private void signIn(Role role) {
        browser.open(web.base() + "/incidents");
        assertThat(browser.driver.getCurrentUrl()).startsWith(web.base() + "/login");
        type(By.id("token"), web.token(role));
        click(By.xpath("//button[text()='Sign in']"));
        browser.visible(By.xpath("//h1[text()='Incidents']"));
        browser.waitForIdle();
    }

    /** From the top of the freshly loaded page, Tab to the hypothesis form, fill it in and submit it with Enter. */
    private void addHypothesisByKeyboard(String id) {
        browser.open(web.base() + "/incidents/" + id);
        Actions keys = new Actions(browser.driver);
        for (int n = 0; n < 200 && !"h-root".equals(activeId()); n++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertThat(activeId()).as("Tab reaches the root-cause field").isEqualTo("h-root");
        keys.sendKeys("hero image no longer lazy-loaded").sendKeys(Keys.TAB).perform();
        assertThat(activeId()).isEqualTo("h-squad");
        keys.sendKeys(Keys.TAB).perform();
        assertThat(activeId()).isEqualTo("h-flags");
        keys.sendKeys("new-hero=on").sendKeys(Keys.ENTER).perform();
        browser.notice("Hypothesis 1 added.");
        assertThat(browser.mainText()).contains("hero image no longer lazy-loaded", "new-hero=on");
    }

    private String activeId() {
        return (String) browser.driver.executeScript("return document.activeElement ? document.activeElement.id : null;");
    }

    private void move(String state) {
        click(By.xpath("//button[text()='Move to " + state + "']"));
        browser.notice("Moved to " + state + ".");
    }

    private void requestSlot(Instant start) {
        WebElement input = browser.driver.findElement(By.id("lt-start"));
        // a datetime-local field's typing order follows the browser's locale; its value is the wire format
        browser.driver.executeScript("arguments[0].value = arguments[1];", input, Fmt.inputTime(start));
        click(By.xpath("//button[text()='Request slot']"));
    }

    private void type(By by, String text) {
        WebElement e = browser.visible(by);
        e.clear();
        e.sendKeys(text);
    }

    private void click(By by) {
        browser.waitForIdle();
        WebElement e = browser.visible(by);
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
        browser.waitForIdle();
    }

    private HttpResponse<String> postWindow(String id, String start) throws Exception {
        String body = """
                {"start":"%s","results":[{"metric":"%s","outcome":"WITHIN_TOLERANCE","value":2000}]}"""
                .formatted(start, WebFixture.LCP.replace("\"", "\\\""));
        HttpRequest r = HttpRequest.newBuilder(URI.create(web.base() + "/api/v1/incidents/" + id + "/windows"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + web.token(Role.RESPONDER))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(r, HttpResponse.BodyHandlers.ofString());
        }
    }
}
