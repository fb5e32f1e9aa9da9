package io.relance.callback;

import io.relance.scenario.LeadCallback;
import io.relance.support.ApiClient;
import io.relance.support.HeadlessChromium;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sales rep works a call-back in the real Camunda Tasklist, in a headless Chromium: logs in, opens the
 * "Call-backs" filter and the task, claims it, picks the outcome "Converted" in the Camunda Form and completes it;
 * the scenario ends at "Lead converted".
 * <p>
 * Needs Debian's Chromium and its driver ({@code apt-get install -y chromium chromium-driver}); paths can be changed
 * with {@code -Dchromium.binary=...} and {@code -Dchromium.driver=...}. Without them the test fails (it never skips).
 * On failure a screenshot and the page source are written to {@code target/}.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:relance-tasklist;DB_CLOSE_DELAY=-1")
@ActiveProfiles("apitest")
class CallbackTasklistBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;

    WebDriver browser;

    @BeforeAll
    static void chromiumIsInstalled() {
        // Checked before the application starts: no context is started for a test that cannot run.
        HeadlessChromium.requireInstalled("the Tasklist browser test");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }


    private String salesRep(String password) {
        String id = "rep" + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(id);
        user.setFirstName("Sam");
        user.setLastName("Seller");
        user.setPassword(password);
        identityService.saveUser(user);
        identityService.createMembership(id, "sales");
        return id;
    }

    private String whitePaperDownloaded() {
        ApiClient integration = ApiClient.as(port, "integration", CallbackTasksOnH2Test.INTEGRATION_PASSWORD);
        String contactId = "lead-" + UUID.randomUUID();
        ApiClient.Response contact = integration.put("/api/contacts/" + contactId, """
                {"email": "paul@example.com", "phone": "+33698765432", "firstName": "Paul", "lastName": "Durand",
                 "consents": {"phone": {"granted": true}}}""");
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        ApiClient.Response event = integration.post("/api/events", """
                {"eventId": "%s", "type": "WhitePaperDownloaded", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:30:00+01:00", "data": {"title": "Email deliverability in 2026"}}"""
                .formatted(UUID.randomUUID(), contactId));
        assertThat(event.status()).as(event.body()).isEqualTo(202);
        return event.json().path("startedInstances").get(0).asText();
    }

    @Test
    void aSalesRepClaimsTheCallBackAndCompletesItAsConverted() {
        String password = "Sales-rep-secret-1";
        String rep = salesRep(password);
        String instance = whitePaperDownloaded();

        browser = HeadlessChromium.start();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        try {
            browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                    "form[name=signinForm] input[ng-model=username]"))).sendKeys(rep);
            browser.findElement(By.cssSelector("form[name=signinForm] input[ng-model=password]")).sendKeys(password);
            browser.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();

            WebElement filter = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//div[contains(@class,'task-filter')]//h4[contains(@class,'name')]/a[normalize-space(text())"
                            + "='Call-backs']")));
            filter.click();
            WebElement listed = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//ol[contains(@class,'tasks-list')]/li[.//h4[contains(@class,'task')]/a[normalize-space()"
                            + "='Call back the lead']]")));
            // The scenario's name (READ on its process definition) and the filter's variables.
            wait.until(ExpectedConditions.textToBePresentInElement(listed, "Lead call-back"));
            assertThat(listed.getText()).contains("Paul Durand", "+33698765432");
            listed.findElement(By.cssSelector("h4.task a")).click();

            click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));

            // The Camunda Form shows who to call (task-local variables through form-js templating) and why.
            WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                    ".fjs-container")));
            wait.until(ExpectedConditions.textToBePresentInElement(form, "Call back Paul Durand"));
            assertThat(form.getText()).contains("Email deliverability in 2026");
            assertThat(form.findElement(By.cssSelector("a[href='tel:+33698765432']")).getText())
                    .isEqualTo("+33698765432");

            click(wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space()='Converted']"
                            + "//input[@type='radio']"))));
            form.findElement(By.cssSelector("textarea")).sendKeys("Demo booked for Monday");
            click(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                    "button[ng-click='complete()']"))));

            HistoricProcessInstance ended = wait.until(driver -> historyService.createHistoricProcessInstanceQuery()
                    .processInstanceId(instance).finished().singleResult());
            assertThat(ended.getEndActivityId()).isEqualTo(LeadCallback.END_CONVERTED);
            assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(instance)
                    .variableName(LeadCallback.NOTE.name()).singleResult().getValue())
                    .isEqualTo("Demo booked for Monday");
        } catch (RuntimeException | AssertionError e) {
            keepEvidence(e);
            throw e;
        }
    }

    /** Clicks an element after scrolling it to the middle of the window (Tasklist's footer covers the bottom). */
    private void click(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    /** A screenshot and the page source in target/, for a failure on a machine nobody watches. */
    private void keepEvidence(Throwable failure) {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            File screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(screenshot.toPath(), target.resolve("tasklist-callback-failure.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(target.resolve("tasklist-callback-failure.html"), browser.getPageSource(),
                    StandardCharsets.UTF_8);
            System.err.println("Tasklist browser test failed at " + browser.getCurrentUrl()
                    + ": see target/tasklist-callback-failure.png and target/tasklist-callback-failure.html");
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
