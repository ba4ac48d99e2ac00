package dev.perfguard.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.runbook.incident.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * axe-core on every page, desktop and phone width, for the roles that see different pages: no
 * violation of impact serious or critical. Every violation found is printed, so one run lists them all.
 */
class AccessibilityTest extends BrowserPages {
    @Test
    void noPageHasASeriousOrCriticalViolation() throws Exception {
        Browser.require();
        web = new WebFixture(tmp);
        ExampleIncidents examples = new ExampleIncidents(web);
        web.storeDemoBuilds();
        web.ingestExampleBuilds(tmp);
        String fresh = examples.fresh();
        String closed = examples.closed();
        String underway = examples.underway();
        String retrieval = examples.retrieval();
        String telemetry = examples.telemetry();
        browser = Browser.start(1280, 900);

        List<String> violations = new ArrayList<>();
        browser.open(web.base() + "/login");
        violations.addAll(check("login", 1280));
        browser.open(web.base() + "/login?code=spent");
        violations.addAll(check("login with a refused code", 1280));

        for (Role role : List.of(Role.ADMIN, Role.VIEWER)) {
            signIn(role);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("incidents", "/incidents");
            pages.put("incidents filtered to none", "/incidents?state=closed&service=nothing");
            pages.put("incident just opened", "/incidents/" + fresh);
            pages.put("incident underway", "/incidents/" + underway);
            pages.put("incident on retrieval quality", "/incidents/" + retrieval);
            pages.put("incident on telemetry", "/incidents/" + telemetry);
            pages.put("incident closed", "/incidents/" + closed);
            pages.put("report", "/incidents/" + closed + "/report");
            pages.put("lessons", "/incidents/" + closed + "/lessons");
            pages.put("unknown incident (404)", "/incidents/PERF-20260101-0000");
            pages.put("unknown page (404)", "/no/such/page");
            pages.put("builds", "/builds");
            pages.put("build compare", "/builds/compare?base=example-main-1&build=example-pr-2");
            pages.put("explorer", "/explorer");
            pages.put("ingested build compare", "/builds/compare?kind=ingested&base=1234&build=1235");
            pages.put("explorer with an ingested series", "/explorer?branch=main&series=ci.test_seconds");
            for (var p : pages.entrySet()) {
                browser.open(web.base() + p.getValue());
                // a viewer's pages are the admin's without the forms: the phone width once is enough
                for (int width : role == Role.ADMIN ? new int[] {1280, 390} : new int[] {1280}) {
                    violations.addAll(check(role.wireName() + " " + p.getKey(), width));
                }
            }
            if (role == Role.ADMIN) {
                // a refusal shown in the page (the role=alert notice) and a success notice
                browser.open(web.base() + "/incidents/" + fresh);
                browser.driver.findElement(By.xpath("//button[text()='Close incident']")).click();
                browser.notice("cannot be closed");
                violations.addAll(check("admin incident with a refusal", 1280));
                browser.driver.findElement(By.xpath("//button[text()='Move to investigating']")).click();
                browser.notice("Moved to investigating.");
                violations.addAll(check("admin incident with a notice", 1280));
            }
            browser.driver.manage().deleteAllCookies();
        }
        violations.forEach(System.out::println);
        assertThat(violations).as("axe-core violations of impact serious or critical").isEmpty();
    }

    private List<String> check(String page, int width) {
        browser.resize(width, 900);
        browser.waitForIdle();
        List<String> found = new ArrayList<>(browser.seriousViolations(page + " @" + width + "px"));
        // reflow (WCAG 1.4.10): nothing but the scrolling tables may be wider than a phone's screen
        long content = ((Number) browser.driver.executeScript("return document.documentElement.scrollWidth;")).longValue();
        if (content > width) {
            found.add(page + " @" + width + "px: the page is " + content + " px wide and scrolls sideways");
        }
        return found;
    }

    private void signIn(Role role) {
        browser.open(web.base() + "/login");
        browser.driver.findElement(By.id("token")).sendKeys(web.token(role));
        browser.driver.findElement(By.xpath("//button[text()='Sign in']")).click();
        browser.visible(By.xpath("//h1[text()='Incidents']"));
    }
}
