package dev.perfguard.app.web;

import static org.junit.jupiter.api.Assumptions.abort;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through Debian's chromedriver, both named by path so Selenium
 * Manager never runs and nothing is downloaded. Host names other than loopback do not resolve in
 * this browser, and its background services (updates, sync, safe browsing) are off, so a page that
 * reached beyond the test server would fail to load that part rather than reach the network.
 *
 * <p>When chromium or chromedriver is missing the calling test is skipped, unless {@code
 * PERFGUARD_REQUIRE_BROWSER=1} (set by {@code scripts/test}), where it fails instead.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL_HINT = "apt-get install --no-install-recommends chromium chromium-driver "
            + "(scripts/test does this through perfguard_apt_install)";
    static final Duration WAIT = Duration.ofSeconds(15);
    /** axe-core impacts that fail a page. */
    static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Skips or fails the calling test as described above when the browser is not installed. */
    static void require() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String msg = CHROMIUM + " and " + CHROMEDRIVER + " are needed for the browser tests; install them with " + INSTALL_HINT;
        if ("1".equals(System.getenv("PERFGUARD_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("PERFGUARD_REQUIRE_BROWSER=1 but " + msg);
        }
        abort("skipped: " + msg + " (or set PERFGUARD_REQUIRE_BROWSER=1 to fail instead)");
    }

    /** Starts a headless browser with a fresh profile, its window {@code width} px wide. */
    static Browser start(int width, int height) throws IOException {
        require();
        Path profile = Files.createTempDirectory("perfguard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check", "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(WAIT)
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ClientConfig http = ClientConfig.defaultConfig().connectionTimeout(WAIT).readTimeout(Duration.ofSeconds(60));
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options, http);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30))
                .implicitlyWait(Duration.ZERO);
        Browser b = new Browser(driver, service, profile);
        b.resize(width, height);
        return b;
    }

    /** Sets the viewport (not the window) to {@code width} × {@code height} CSS pixels. */
    void resize(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    void open(String url) {
        driver.get(url);
        waitForIdle();
    }

    /** A bounded wait that looks again when htmx swapped the page under an element it was reading. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until the document is loaded and htmx has no request in flight. */
    void waitForIdle() {
        waiting().until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && !document.querySelector('.htmx-request');")));
    }

    /** Waits for the page's notice (role status or alert) to contain {@code text}; answers the notice. */
    WebElement notice(String text) {
        return waiting().withMessage(() -> "a notice containing '" + text + "' on " + driver.getCurrentUrl()
                + "; the page says: " + mainText()).until(d -> {
            for (WebElement n : d.findElements(By.cssSelector("main .notice"))) {
                if (n.getText().contains(text)) {
                    return n;
                }
            }
            return null;
        });
    }

    WebElement visible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    String mainText() {
        List<WebElement> main = driver.findElements(By.id("main"));
        return main.isEmpty() ? driver.getPageSource() : main.get(0).getText();
    }

    /** Every resource the current page loaded (the document, styles, scripts, fetches), by URL. */
    @SuppressWarnings("unchecked")
    List<String> loadedResources() {
        return (List<String>) driver.executeScript("return [location.href].concat("
                + "performance.getEntriesByType('resource').map(function (e) { return e.name; }));");
    }

    /** axe-core's violations on the current page whose impact is serious or critical, one line each. */
    List<String> seriousViolations(String page) {
        Results results = new AxeBuilder().analyze(driver);
        if (results.isErrored()) {
            throw new IllegalStateException("axe-core failed on " + page + ": " + results.getErrorMessage());
        }
        if (results.getPasses().isEmpty()) {
            throw new IllegalStateException("axe-core checked nothing on " + page);
        }
        List<String> out = new ArrayList<>();
        for (Rule r : results.getViolations()) {
            if (r.getImpact() == null || !FAILING_IMPACTS.contains(r.getImpact())) {
                System.out.println("axe, not failing: " + page + ": " + r.getImpact() + " " + r.getId() + " (" + r.getHelp()
                        + ") at " + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList());
                continue;
            }
            for (CheckedNode n : r.getNodes()) {
                out.add(page + ": " + r.getImpact() + " " + r.getId() + " (" + r.getHelp() + ") at " + n.getTarget()
                        + " " + n.getHtml() + " — " + n.getFailureSummary());
            }
        }
        return out;
    }

    byte[] screenshotOfWholePage(int width) {
        long height = ((Number) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);")).longValue();
        resize(width, (int) Math.min(Math.max(height, 400), 16000));
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    Dimension viewport() {
        @SuppressWarnings("unchecked")
        List<Number> wh = (List<Number>) driver.executeScript("return [window.innerWidth, window.innerHeight];");
        return new Dimension(wh.get(0).intValue(), wh.get(1).intValue());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
