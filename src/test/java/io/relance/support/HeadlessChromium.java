package io.relance.support;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.fail;

/** Debian's Chromium and ChromeDriver, headless, for the browser tests (test tools cannot download browsers here). */
public final class HeadlessChromium {

    public static final String INSTALL = "apt-get install -y chromium chromium-driver";
    public static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    /** Kept in a field: java.util.logging holds loggers weakly. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private HeadlessChromium() {
    }

    /** Fails (never skips) when Chromium or its driver is missing, saying how to install them. */
    public static void requireInstalled(String forWhat) {
        for (Path executable : new Path[]{CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(executable)) {
                fail(executable + " is missing: " + forWhat + " needs Debian's Chromium and its driver."
                        + " Install them with: " + INSTALL);
            }
        }
    }

    public static WebDriver start() {
        // Selenium has no DevTools support for Debian's newer Chromium; plain WebDriver is all the tests use.
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        // An explicit driver: Selenium Manager must not try to download one.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-dev-shm-usage", "--allow-file-access-from-files", "--window-size=1400,1200");
        // The console (script errors, Content-Security-Policy violations) for consoleErrors().
        options.setCapability("goog:loggingPrefs", java.util.Map.of(LogType.BROWSER, "ALL"));
        return new ChromeDriver(service, options);
    }

    /**
     * The console's errors since the last call: script errors, resources refused (CSP), failed loads — less the
     * browser's own request for {@code /favicon.ico}, which Relance does not serve.
     */
    public static List<String> consoleErrors(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(message -> !message.contains("/favicon.ico ")).toList();
    }
}
