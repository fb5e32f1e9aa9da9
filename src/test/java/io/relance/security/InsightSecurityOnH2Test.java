package io.relance.security;

import io.relance.scenario.EventType;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's security, over real HTTP: a login form and a session on Camunda's users for {@code /insight}
 * (groups marketing and camunda-admin), the session also read by {@code /api} for GETs only, marketing limited to
 * reading figures, experiments and contacts, {@code /api} still stateless HTTP Basic for machines.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:relance-insight-security;DB_CLOSE_DELAY=-1")
@ActiveProfiles("apitest")
class InsightSecurityOnH2Test {

    static final String PASSWORD = "Marketing-secret-1";
    static final String ADMIN_PASSWORD = "admin-secret-for-tests";

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
        Browser browser = new Browser();
        for (String page : new String[]{"/insight", "/insight/scenarios/abandoned-cart", "/insight/contacts"}) {
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
        Browser browser = new Browser();
        HttpResponse<String> loggedIn = browser.logIn(marketer, PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location").orElseThrow()).endsWith("/insight");

        assertThat(browser.get("/insight").body()).contains("Scénarios", marketer);
        assertThat(browser.get("/insight/scenarios/abandoned-cart").statusCode()).isEqualTo(200);
        assertThat(browser.get("/insight/contacts").statusCode()).isEqualTo(200);
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
        Browser browser = new Browser();
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
        Browser browser = new Browser();
        browser.logIn(rep, PASSWORD);
        for (String page : new String[]{"/insight", "/insight/scenarios/abandoned-cart", "/insight/contacts"}) {
            HttpResponse<String> response = browser.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(403);
            assertThat(response.body()).contains("Accès refusé", rep);
        }
        assertThat(browser.get("/api/contacts/" + contactId).statusCode()).isEqualTo(403);
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
        Browser browser = new Browser();
        HttpResponse<String> wrong = browser.logIn(marketer, "wrong");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/insight/login?error");
        assertThat(browser.get("/insight").statusCode()).isEqualTo(302);

        Browser forged = new Browser();
        forged.get("/insight/login");
        HttpResponse<String> noToken = forged.form("/insight/login", "username=" + marketer + "&password=" + PASSWORD);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(forged.get("/insight").statusCode()).isEqualTo(302);
    }

    @Test
    void afterLogoutTheSessionReadsNothing() {
        Browser browser = new Browser();
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

    /** A browser: cookies kept, redirects not followed, the login form's CSRF token read from the page. */
    final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(String path) {
            return send("GET", path, null);
        }

        HttpResponse<String> xhr(String path) {
            return exchange(request(path).header("X-Requested-With", "XMLHttpRequest").GET());
        }

        HttpResponse<String> logIn(String user, String password) {
            String token = csrf("/insight/login");
            return form("/insight/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf="
                    + encode(token));
        }

        /** The CSRF token of a page's forms (the login form, the logout form). */
        String csrf(String page) {
            Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(page).body());
            assertThat(token.find()).as("a CSRF token on " + page).isTrue();
            return token.group(1);
        }

        HttpResponse<String> form(String path, String body) {
            return exchange(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        HttpResponse<String> send(String method, String path, String json) {
            HttpRequest.Builder builder = request(path);
            if (json != null) {
                builder.header("Content-Type", "application/json");
            }
            return exchange(builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30));
        }

        private HttpResponse<String> exchange(HttpRequest.Builder builder) {
            try {
                return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
