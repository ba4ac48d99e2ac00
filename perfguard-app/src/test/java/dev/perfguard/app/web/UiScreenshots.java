package dev.perfguard.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perfguard.runbook.incident.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.openqa.selenium.By;

/**
 * Not a test: {@code scripts/ui-screenshots} runs it to save a PNG of each page, desktop (1280 px) and
 * phone (390 px) wide, into the folder named by {@code PERFGUARD_SCREENSHOTS}. The pages show the
 * example incidents of {@link ExampleIncidents}. {@code PERFGUARD_SCREENSHOTS_FULL=1} takes whole
 * pages instead of the first screen (for looking them over; the committed ones are first screens).
 */
@EnabledIfEnvironmentVariable(named = "PERFGUARD_SCREENSHOTS", matches = ".+")
class UiScreenshots extends BrowserPages {
    static final int[][] SIZES = {{1280, 860}, {390, 844}};

    @Test
    void savePages() throws Exception {
        Path out = Path.of(System.getenv("PERFGUARD_SCREENSHOTS"));
        boolean full = "1".equals(System.getenv("PERFGUARD_SCREENSHOTS_FULL"));
        Files.createDirectories(out);
        web = new WebFixture(tmp);
        ExampleIncidents examples = new ExampleIncidents(web);
        web.storeDemoBuilds();
        examples.telemetry();
        examples.retrieval();
        String closed = examples.closed();
        String underway = examples.underway();
        examples.fresh();
        browser = Browser.start(SIZES[0][0], SIZES[0][1]);

        browser.open(web.base() + "/login");
        shoot(out, "login", full);
        browser.driver.findElement(By.id("token")).sendKeys(web.token(Role.RESPONDER));
        browser.driver.findElement(By.xpath("//button[text()='Sign in']")).click();
        browser.visible(By.xpath("//h1[text()='Incidents']"));

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("incidents", "/incidents");
        pages.put("incident", "/incidents/" + underway);
        pages.put("report", "/incidents/" + closed + "/report");
        pages.put("builds", "/builds");
        pages.put("compare", "/builds/compare?base=example-main-1&build=example-pr-2");
        pages.put("explorer", "/explorer");
        for (var p : pages.entrySet()) {
            browser.open(web.base() + p.getValue());
            assertThat(browser.driver.getTitle()).as(p.getValue()).doesNotStartWith("Not found");
            shoot(out, p.getKey(), full);
        }
        assertThat(out.resolve("incident-1280.png")).exists();
    }

    private void shoot(Path out, String name, boolean full) throws Exception {
        for (int[] size : SIZES) {
            browser.resize(size[0], size[1]);
            browser.waitForIdle();
            byte[] png = full ? browser.screenshotOfWholePage(size[0])
                    : browser.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(out.resolve(name + "-" + size[0] + ".png"), png);
        }
    }
}
