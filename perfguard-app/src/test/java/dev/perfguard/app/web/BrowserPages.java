package dev.perfguard.app.web;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the browser tests share: a server with the pages over a fresh store, a headless browser, both closed after. */
abstract class BrowserPages {
    @TempDir
    Path tmp;
    WebFixture web;
    Browser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
    }
}
