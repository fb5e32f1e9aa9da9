package io.relance.insight;

import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.AbandonedCart;
import io.relance.scenario.EventType;
import io.relance.security.Groups;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.HeadlessChromium;
import io.relance.support.TestClock;
import io.relance.support.Waits;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marketer's dashboard in a headless Chromium: a {@code marketing} user logs in through the form, reads the
 * scenarios page, the abandoned-cart page (the diagram drawn by bpmn-js, the figures as overlays on its elements,
 * the experiment's arms, the daily chart, the CSV link) and a contact's timeline; a {@code sales} user is refused.
 * <p>
 * The data: a run through REST with known numbers — {@value #CARTS} contacts abandon a cart, those the shipped
 * experiment does not keep in its holdout arm get the first reminder (timer and send run by the test, arbitration
 * settled), then {@value #ORDERS} of them order. The figures
 * and experiment figures are Relance's own (GET /api/scenarios/**, /api/experiments/**), counted during the run.
 * <p>
 * {@code -Dinsight.screenshot} saves the scenario page to {@code bpmn/.images/insight-abandoned-cart.png} (or to
 * the path given as its value). On failure a screenshot and the page source are written to {@code target/}.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-insight-browser;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles("apitest")
@Import(TestClock.class)
class InsightDashboardBrowserTest {

    static final int CARTS = 60;
    static final int ORDERS = 12;
    static final double ORDER_AMOUNT = 100.0;

    /** What the pages must show after the run. */
    record Expected(int entered, int active, int conversions, int firstReminderSent, double revenue) {
    }

    /**
     * The run: a contact who ordered, and how many contacts the live experiment on the first reminder kept in its
     * holdout arm (their scenario ends at the split test, before any reminder; counted from the engine).
     */
    record Run(String converted, int holdout) {

        Expected expected() {
            return new Expected(CARTS, CARTS - ORDERS - holdout, ORDERS, CARTS - holdout, ORDERS * ORDER_AMOUNT);
        }
    }

    /** A Tuesday, 10:30 in Paris: past the day's send slot, outside quiet hours. */
    static final Instant TUESDAY = Instant.parse("2026-11-24T09:30:00Z");
    static final String PERIOD = "?from=2026-11-01&to=2026-11-30";
    static final String PASSWORD = "Dashboard-secret-1";
    static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ProcessEngine engine;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void chromiumIsInstalled() {
        HeadlessChromium.requireInstalled("the dashboard browser test");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aMarketerReadsTheScenariosTheAbandonedCartDiagramWithItsFiguresAndATimeline() throws IOException {
        String marketer = user(Groups.MARKETING);
        Run run = abandonedCartsThenOrders();
        Expected expected = run.expected();
        String converted = run.converted();

        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, WAIT);
        try {
            logIn(marketer, "/insight" + PERIOD);

            // « Scénarios »
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#scenarios tr[data-process-key='" + AbandonedCart.PROCESS_KEY + "']")));
            assertThat(text(row, "td.entered")).isEqualTo(String.valueOf(expected.entered()));
            assertThat(text(row, "td.active")).isEqualTo(String.valueOf(expected.active()));
            assertThat(text(row, "td.conversions")).isEqualTo(String.valueOf(expected.conversions()));
            assertThat(text(row, "td.rate")).isEqualTo(percent(expected.conversions(), expected.entered()));
            assertThat(text(row, "td.revenue")).contains("€");
            assertThat(row.findElements(By.cssSelector("td.trend svg polyline"))).hasSize(2);

            // The scenario: bpmn-js draws the diagram, the figures sit on its elements.
            row.findElement(By.cssSelector("th a")).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-rendered", "true"));
            assertThat(browser.findElements(By.cssSelector("#diagram svg [data-element-id='"
                    + AbandonedCart.TASK_SEND_REMINDER_1 + "']"))).as("bpmn-js drew the first reminder").isNotEmpty();
            WebElement firstReminder = browser.findElement(By.cssSelector(
                    ".insight-overlay[data-element-id='" + AbandonedCart.TASK_SEND_REMINDER_1 + "']"));
            assertThat(firstReminder.getText()).contains("envoyés " + expected.firstReminderSent(),
                    "passés " + expected.firstReminderSent(), "ouverture", "clic", "supprimés");
            assertThat(browser.findElement(By.cssSelector(".insight-overlay[data-element-id='"
                    + AbandonedCart.END_CONVERTED + "']")).getText()).contains("Converti " + expected.conversions());
            // The holdout's contacts leave at its own exit (inside the reminders' sub-process), not "completed"
            assertThat(browser.findElement(By.cssSelector(".insight-overlay[data-element-id='"
                    + AbandonedCart.END_HOLDOUT + "']")).getText()).contains("Groupe témoin " + run.holdout());
            assertThat(text(browser.findElement(By.id("kpis")), ".kpi.entered dd"))
                    .isEqualTo(String.valueOf(expected.entered()));
            assertThat(browser.findElement(By.id("attribution")).getText()).contains("OrderPlaced");
            assertThat(browser.findElement(By.id("csv")).getAttribute("href"))
                    .contains("/api/scenarios/" + AbandonedCart.PROCESS_KEY + "/performance.csv?from=2026-11-01");
            assertThat(browser.findElements(By.cssSelector("#daily-chart svg polyline"))).hasSize(3);

            // The experiment on the first reminder: one row per arm, every contact in one arm.
            WebElement experiment = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".experiment table.arms")));
            List<WebElement> arms = experiment.findElements(By.cssSelector("tbody tr[data-arm]"));
            assertThat(arms).hasSizeGreaterThanOrEqualTo(2);
            assertThat(arms.stream().mapToInt(arm -> Integer.parseInt(text(arm, "td.contacts"))).sum())
                    .isEqualTo(expected.entered());
            assertThat(browser.findElement(By.cssSelector(".experiment .verdict")).getText()).startsWith("Verdict");
            screenshotForTheReadme();

            // A contact's timeline, found by email.
            browser.get(url("/insight/contacts"));
            WebElement query = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("q")));
            query.sendKeys(email(converted));
            query.submit();
            WebElement timeline = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
            assertThat(browser.findElement(By.id("contact-name")).getText()).contains(converted);
            assertThat(timeline.getText()).contains(EventType.CART_ABANDONED, EventType.ORDER_PLACED,
                    "cart-reminder-1", "envoyé", "Événement", "Message");
        } catch (RuntimeException | AssertionError e) {
            keepEvidence(e);
            throw e;
        }
    }

    @Test
    void aSalesRepIsRefused() {
        String rep = user(Groups.SALES);
        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, WAIT);
        try {
            logIn(rep, "/insight");
            WebElement denied = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("denied")));
            assertThat(denied.getText()).contains(rep, "marketing");
            browser.get(url("/insight/scenarios/" + AbandonedCart.PROCESS_KEY));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Accès refusé");
        } catch (RuntimeException | AssertionError e) {
            keepEvidence(e);
            throw e;
        }
    }

    /** The message texts: a preview's HTML drawn in its sandboxed frame, and no error in the console. */
    @Test
    void aMarketerPreviewsAnEmailWithoutErrors() {
        String marketer = user(Groups.MARKETING);
        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, WAIT);
        try {
            logIn(marketer, "/insight/templates");
            browser.findElement(By.cssSelector("#templates tr[data-channel='email'][data-type='cart-reminder-1'] a"))
                    .click();
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("subject"))).getText())
                    .isEqualTo("Votre panier vous attend");
            WebElement frame = browser.findElement(By.id("html"));
            assertThat(frame.getDomAttribute("sandbox")).as("sandboxed, no scripts").isEmpty();
            browser.switchTo().frame(frame);
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("Bonjour Marie");
            browser.switchTo().defaultContent();
            assertThat(HeadlessChromium.consoleErrors(browser)).as("script errors, CSP violations").isEmpty();
        } catch (RuntimeException | AssertionError e) {
            keepEvidence(e);
            throw e;
        }
    }

    /** An anonymous browser is sent to the login form; it logs in and lands on the page it asked for. */
    private void logIn(String user, String page) {
        browser.get(url(page));
        wait.until(ExpectedConditions.urlContains("/insight/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/insight/login")));
    }

    /**
     * {@value #CARTS} contacts abandon a cart; the shipped experiment on the first reminder (dmn/experiments.dmn)
     * puts each in an arm: the 45-minute and 3-hour arms get the first reminder, the holdout arm nothing. Then
     * {@value #ORDERS} of the reminded contacts order. Returns a contact who ordered and the size of the holdout.
     */
    private Run abandonedCartsThenOrders() {
        clock.set(TUESDAY);
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String run = "insight";
        List<String> contacts = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < CARTS; i++) {
            String contactId = "cart-" + run + "-" + i;
            ApiClient.Response created = api.put("/api/contacts/" + contactId, """
                    {"email": "%s", "firstName": "Client %d", "locale": "fr-FR",
                     "consents": {"email": {"granted": true}}}""".formatted(email(contactId), i));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            contacts.add(contactId);
            instances.add(event(api, EventType.CART_ABANDONED, contactId, """
                    {"cartUrl": "https://shop.example.com/cart/%d", "amount": %s}""".formatted(i, ORDER_AMOUNT),
                    TUESDAY.minus(Duration.ofMinutes(30)))
                    .json().path("startedInstances").get(0).asText());
        }
        List<String> reminded = new ArrayList<>();
        for (int i = 0; i < CARTS; i++) {
            String instance = instances.get(i);
            if (runtimeService.createProcessInstanceQuery().processInstanceId(instance).count() == 0) {
                continue; // the holdout arm: the scenario ended at the split test
            }
            // The first reminder's delay (45 minutes or 3 hours, by arm); its send then waits for the arbitration.
            Waits.runTimer(engine, instance);
            Waits.arbitratedSend(engine, instance, AbandonedCart.TASK_SEND_REMINDER_1);
            reminded.add(contacts.get(i));
        }
        Arbitrated.settle(arbitration);
        assertThat(reminded).as("contacts outside the holdout arm").hasSizeGreaterThanOrEqualTo(ORDERS);
        // Two hours later, after their reminder: the orders are attributed to the scenario that reminded them.
        clock.set(TUESDAY.plus(Duration.ofHours(2)));
        for (int i = 0; i < ORDERS; i++) {
            event(api, EventType.ORDER_PLACED, reminded.get(i), """
                    {"orderId": "o-%s-%d", "amount": %s}""".formatted(run, i, ORDER_AMOUNT),
                    TUESDAY.plus(Duration.ofHours(2)));
        }
        return new Run(reminded.get(0), CARTS - reminded.size());
    }

    private static ApiClient.Response event(ApiClient api, String type, String contactId, String data,
                                            Instant occurredAt) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, occurredAt, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response;
    }

    private String user(String group) {
        String id = group + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(id);
        user.setFirstName("Camille");
        user.setLastName("Martin");
        user.setPassword(PASSWORD);
        identityService.saveUser(user);
        identityService.createMembership(id, group);
        return id;
    }

    private static String email(String contactId) {
        return contactId + "@example.com";
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The text of a cell, with French number spacing (narrow no-break spaces) as plain spaces. */
    private static String text(WebElement parent, String css) {
        return parent.findElement(By.cssSelector(css)).getText().replace('\u202f', ' ').replace('\u00a0', ' ').trim();
    }

    private static String percent(int part, int whole) {
        double value = 100.0 * part / whole;
        String number = value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(java.util.Locale.FRANCE, "%.1f", value);
        return number + " %";
    }

    private void screenshotForTheReadme() throws IOException {
        String target = System.getProperty("insight.screenshot");
        if (target == null) {
            return;
        }
        Path file = target.isBlank() || target.equals("true") ? Path.of("bpmn/.images/insight-abandoned-cart.png")
                : Path.of(target);
        Files.createDirectories(file.toAbsolutePath().getParent());
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1500));
        browser.get(browser.getCurrentUrl());
        wait.until(ExpectedConditions.attributeToBe(By.id("diagram"), "data-rendered", "true"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    private void keepEvidence(Throwable failure) {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            File screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(screenshot.toPath(), target.resolve("insight-failure.png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(target.resolve("insight-failure.html"), browser.getPageSource(), StandardCharsets.UTF_8);
            System.err.println("Dashboard browser test failed at " + browser.getCurrentUrl()
                    + ": see target/insight-failure.png and target/insight-failure.html");
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
