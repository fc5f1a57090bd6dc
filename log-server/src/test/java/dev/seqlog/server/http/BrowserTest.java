package dev.seqlog.server.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server test with one headless browser for the class: started before its first test, closed after its last,
 * and after every test the page must have logged no script error or policy violation.
 */
abstract class BrowserTest extends ServerTest {
    static Chromium browser;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @AfterEach
    void leaveThePage() {
        List<String> problems = browser.scriptProblems();
        browser.blank();
        assertEquals(List.of(), problems, "script errors or policy violations in the page");
    }
}
