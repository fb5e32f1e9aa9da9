package io.relance.security;

import io.relance.scenario.EventType;
import io.relance.support.ApiClient;
import io.relance.support.DashboardBrowser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's security, over real HTTP: a login form and a session on Camunda's users for {@code /insight}
 * (groups marketing and camunda-admin), the session also read by {@code /api} for GETs only, marketing limited to
 * reading figures, experiments and contacts, {@code /api} still stateless HTTP Basic for machines; the message texts
 * pages (list, preview, test send with its CSRF token) for the same groups only.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:relance-insight-security;DB_CLOSE_DELAY=-1")
@ActiveProfiles("apitest")
class InsightSecurityOnH2Test {

    static final String PASSWORD = "Marketing-secret-1";
    static final String ADMIN_PASSWORD = "admin-secret-for-tests";

    /** The dashboard's pages (message texts included: their list and a preview). */
    static final String[] PAGES = {"/insight", "/insight/scenarios/abandoned-cart", "/insight/contacts",
            "/insight/templates", "/insight/templates/email/welcome", "/insight/templates/sms/welcome"};

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;

    ApiClient admin;
    String contactId;

    @BeforeEach
    void contact() {
        admin = ApiClient.as(port, "admin", ADMIN_PASSWORD);
        contactId = "c-" + UUID.randomUUID();
        ApiClient.Response created = admin.put("/api/contacts/" + contactId, """
                {"email": "%s@example.com", "firstName": "Marie",
                 "consents": {"email": {"granted": true}}}""".formatted(contactId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** A Camunda user of one group. */
    String user(String group) {
        String id = group + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(id);
        user.setPassword(PASSWORD);
        identityService.saveUser(user);
        identityService.createMembership(id, group);
        return id;
    }

    @Test
    void theMarketingGroupIsCreatedAtStartUp() {
        assertThat(identityService.createGroupQuery().groupId(Groups.MARKETING).count()).isOne();
    }

    @Test
    void anAnonymousBrowserIsSentToTheLoginForm() {
        DashboardBrowser browser = new DashboardBrowser(port);
        for (String page : PAGES) {
            HttpResponse<String> response = browser.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/insight/login");
        }
        HttpResponse<String> login = browser.get("/insight/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form", "name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
    }

    @Test
    void aMarketerLogsInThroughTheFormThenReadsThePagesAndTheApiWithTheSession() {
        String marketer = user(Groups.MARKETING);
        DashboardBrowser browser = new DashboardBrowser(port);
        HttpResponse<String> loggedIn = browser.logIn(marketer, PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location").orElseThrow()).endsWith("/insight");

        assertThat(browser.get("/insight").body()).contains("Scénarios", marketer);
        assertThat(browser.get("/insight/scenarios/abandoned-cart").statusCode()).isEqualTo(200);
        assertThat(browser.get("/insight/contacts").statusCode()).isEqualTo(200);
        assertThat(browser.get("/insight/templates").statusCode()).isEqualTo(200);
        assertThat(browser.get("/insight/templates/email/welcome").statusCode()).isEqualTo(200);
        assertThat(browser.get("/insight/vendor/bpmn-js/dist/bpmn-navigated-viewer.production.min.js").statusCode())
                .as("bpmn-js served by Relance").isEqualTo(200);

        HttpResponse<String> contact = browser.get("/api/contacts/" + contactId);
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(200);
        assertThat(contact.body()).contains(contactId + "@example.com");
        assertThat(browser.get("/api/contacts/" + contactId + "/timeline").statusCode()).isEqualTo(200);
        HttpResponse<String> byEmail = browser.get("/api/contacts?email=" + contactId.toUpperCase() + "@EXAMPLE.COM");
        assertThat(byEmail.statusCode()).as(byEmail.body()).isEqualTo(200);
        assertThat(byEmail.body()).contains("\"contactIds\":[\"" + contactId + "\"]");
        // Figures and experiments (their controllers come from other features): allowed, whatever they answer.
        for (String read : new String[]{"/api/scenarios", "/api/scenarios/abandoned-cart/performance",
                "/api/experiments", "/api/experiments/x"}) {
            assertThat(browser.get(read).statusCode()).as(read).isNotIn(401, 403);
        }
        // Nothing else on /api or /engine-rest, not even reading.
        assertThat(browser.get("/api/broadcasts/1").statusCode()).isEqualTo(403);
        assertThat(browser.get("/engine-rest/process-definition").statusCode()).isEqualTo(403);
        assertThat(browser.get("/outbox").statusCode()).isEqualTo(403);
    }

    @Test
    void theSessionNeverWritesThroughTheApi() {
        // An administrator's session: even an account allowed to write cannot do so with the cookie (no CSRF).
        DashboardBrowser browser = new DashboardBrowser(port);
        browser.logIn("admin", ADMIN_PASSWORD);
        assertThat(browser.get("/insight").statusCode()).isEqualTo(200);
        HttpResponse<String> event = browser.send("POST", "/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:30:00Z"}"""
                .formatted(UUID.randomUUID(), EventType.NEWSLETTER_SUBSCRIBED, contactId));
        assertThat(event.statusCode()).as(event.body()).isEqualTo(401);
        HttpResponse<String> put = browser.send("PUT", "/api/contacts/" + contactId, "{\"email\": \"x@example.com\"}");
        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(admin.get("/api/contacts/" + contactId + "/timeline").body()).doesNotContain("NewsletterSubscribed");
        assertThat(admin.get("/api/contacts/" + contactId).body()).contains(contactId + "@example.com");
    }

    @Test
    void aMarketerOverHttpBasicOnlyReads() {
        ApiClient marketer = ApiClient.as(port, user(Groups.MARKETING), PASSWORD);
        assertThat(marketer.get("/api/contacts/" + contactId).status()).isEqualTo(200);
        assertThat(marketer.get("/api/contacts/" + contactId + "/timeline").status()).isEqualTo(200);
        assertThat(marketer.get("/api/scenarios").status()).isNotIn(401, 403);
        assertThat(marketer.get("/api/event-types").status()).as("what triggers the scenarios").isEqualTo(200);
        assertThat(marketer.get("/api/event-types/" + EventType.CART_ABANDONED).status()).isEqualTo(200);
        ApiClient.Response event = marketer.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:30:00Z"}"""
                .formatted(UUID.randomUUID(), EventType.NEWSLETTER_SUBSCRIBED, contactId));
        assertThat(event.status()).isEqualTo(403);
        assertThat(event.contentType()).startsWith("application/problem+json");
        assertThat(marketer.put("/api/contacts/" + contactId, "{}").status()).isEqualTo(403);
        assertThat(marketer.get("/api/broadcasts/1").status()).isEqualTo(403);
        assertThat(marketer.get("/engine-rest/engine").status()).isEqualTo(403);
    }

    @Test
    void aSalesRepIsRefused() {
        String rep = user(Groups.SALES);
        DashboardBrowser browser = new DashboardBrowser(port);
        browser.logIn(rep, PASSWORD);
        for (String page : PAGES) {
            HttpResponse<String> response = browser.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(403);
            assertThat(response.body()).contains("Accès refusé", rep);
        }
        assertThat(browser.get("/api/contacts/" + contactId).statusCode()).isEqualTo(403);
        // A test send, even with the token of the 403 page's own form: refused.
        HttpResponse<String> testSend = browser.form("/insight/templates/email/welcome/test-send",
                "to=rep%40example.com&_csrf=" + DashboardBrowser.encode(browser.csrf("/insight")));
        assertThat(testSend.statusCode()).isEqualTo(403);
        assertThat(testSend.body()).contains("Accès refusé", rep);
        ApiClient basic = ApiClient.as(port, rep, PASSWORD);
        for (String read : new String[]{"/api/scenarios", "/api/experiments", "/api/contacts/" + contactId,
                "/api/event-types"}) {
            ApiClient.Response response = basic.get(read);
            assertThat(response.status()).as(read).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void aWrongPasswordOrAMissingCsrfTokenLogsNobodyIn() {
        String marketer = user(Groups.MARKETING);
        DashboardBrowser browser = new DashboardBrowser(port);
        HttpResponse<String> wrong = browser.logIn(marketer, "wrong");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/insight/login?error");
        assertThat(browser.get("/insight").statusCode()).isEqualTo(302);

        DashboardBrowser forged = new DashboardBrowser(port);
        forged.get("/insight/login");
        HttpResponse<String> noToken = forged.form("/insight/login", "username=" + marketer + "&password=" + PASSWORD);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(forged.get("/insight").statusCode()).isEqualTo(302);
    }

    @Test
    void aTestSendOfTheDashboardNeedsItsCsrfToken() {
        DashboardBrowser anonymous = new DashboardBrowser(port);
        assertThat(anonymous.form("/insight/templates/email/welcome/test-send", "to=x%40example.com").statusCode())
                .isEqualTo(403);

        DashboardBrowser browser = new DashboardBrowser(port);
        browser.logIn(user(Groups.MARKETING), PASSWORD);
        HttpResponse<String> noToken = browser.form("/insight/templates/email/welcome/test-send",
                "to=x%40example.com");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("jeton de sécurité");
        HttpResponse<String> wrongToken = browser.form("/insight/templates/email/welcome/test-send",
                "to=x%40example.com&_csrf=forged");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(browser.get("/insight/templates").statusCode()).as("still logged in").isEqualTo(200);
    }

    @Test
    void afterLogoutTheSessionReadsNothing() {
        DashboardBrowser browser = new DashboardBrowser(port);
        browser.logIn(user(Groups.MARKETING), PASSWORD);
        assertThat(browser.get("/api/contacts/" + contactId).statusCode()).isEqualTo(200);
        HttpResponse<String> out = browser.form("/insight/logout", "_csrf=" + browser.csrf("/insight"));
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/insight/login?logout");
        HttpResponse<String> after = browser.xhr("/api/contacts/" + contactId);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate"))
                .as("no Basic prompt for the dashboard's scripts").isEmpty();
        assertThat(browser.get("/insight").statusCode()).isEqualTo(302);
    }

    @Test
    void httpBasicStaysStateless() {
        ApiClient.Response response = admin.get("/api/contacts/" + contactId);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Set-Cookie")).isNull();
        assertThat(ApiClient.anonymous(port).get("/api/scenarios").header("WWW-Authenticate")).startsWith("Basic");
    }
}
