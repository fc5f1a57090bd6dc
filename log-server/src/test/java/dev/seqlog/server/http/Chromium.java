package dev.seqlog.server.http;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.HttpCommandExecutor;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * One headless Chromium for a test class, driven through ChromeDriver: started in {@code @BeforeAll}, closed in
 * {@code @AfterAll}, after which no browser or driver process of this JVM is left. The browser must be installed
 * ({@code .ci/install-browser}); without it the tests fail, unless {@code -Dseqlog.browser.skip=true} says to skip
 * them. The binaries default to Debian's paths and may be moved with {@code -Dseqlog.browser.chromium} and
 * {@code -Dseqlog.browser.chromedriver}. Screenshots go to {@code target/console-screenshots}. Confined to the
 * test thread.
 */
final class Chromium implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** The browser's TMPDIR: its profile and shared-memory files stay out of the machine's /tmp. */
    private static final Path BROWSER_TMP = Path.of("target", "chromium-tmp");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ChromeDriverService service;
    private final RemoteWebDriver driver;

    private Chromium(ChromeDriverService service, RemoteWebDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static Chromium start() {
        if (Boolean.getBoolean("seqlog.browser.skip")) {
            abort("browser tests skipped (-Dseqlog.browser.skip=true)");
        }
        File chromium = new File(System.getProperty("seqlog.browser.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("seqlog.browser.chromedriver", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            fail("the console's browser tests need Chromium (" + chromium + ") and ChromeDriver (" + chromedriver
                    + "): run .ci/install-browser, or pass -Dseqlog.browser.skip=true to skip these tests");
        }
        try {
            // before any test, so the strict extension never sees them appear
            Files.createDirectories(SCREENSHOTS);
            deleteTree(BROWSER_TMP);
            Files.createDirectories(BROWSER_TMP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().withEnvironment(Map.of("TMPDIR", BROWSER_TMP.toAbsolutePath().toString())).build();
        try {
            service.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + chromedriver, e);
        }
        try {
            ChromeOptions options = new ChromeOptions().setBinary(chromium)
                    .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                            "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                            "--disable-background-networking", "--disable-sync", "--password-store=basic");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            HttpCommandExecutor executor = new HttpCommandExecutor(new WebDriverHttp(
                    ClientConfig.defaultConfig().baseUrl(service.getUrl()).readTimeout(Duration.ofSeconds(60))),
                    service.getUrl());
            RemoteWebDriver driver = new RemoteWebDriver(executor, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
            return new Chromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Waits up to 15 s for a condition, checking every 50 ms. A view that refreshes replaces its elements, so an
     * element found by one check may be gone by the next call on it: that check is simply retried.
     */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement visible(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Leaves the console (its polls and streams stop) before the test's server goes away. */
    void blank() {
        driver.get("about:blank");
    }

    /** Saves the viewport as {@code target/console-screenshots/<name>.png}. */
    Path screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Browser console lines since the last call that report a script error or a Content-Security-Policy
     * violation. Failed requests (a 401 or 403 the page handles) are not among them.
     */
    List<String> scriptProblems() {
        List<String> problems = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            if (m.contains("Content Security Policy") || m.contains("Uncaught") || m.contains("SyntaxError")
                    || m.contains("TypeError") || m.contains("ReferenceError")) {
                problems.add(m);
            }
        }
        return problems;
    }

    @Override
    public void close() {
        // taken while the tree is whole: once the driver exits, the browser's processes are no longer our descendants
        List<ProcessHandle> started = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false)).toList();
        try {
            driver.quit();
        } finally {
            service.stop();
        }
        // the driver and every browser process it started are gone, not just asked to go
        await().atMost(Duration.ofSeconds(20)).until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        try {
            deleteTree(BROWSER_TMP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
