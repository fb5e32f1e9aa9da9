package io.relance.insight;

import io.relance.channel.CommunicationLog;
import io.relance.channel.CommunicationView;
import io.relance.channel.SendStatus;
import io.relance.channel.template.MessageTemplates;
import io.relance.security.Groups;
import io.relance.support.ApiClient;
import io.relance.support.DashboardBrowser;
import io.relance.support.SmtpTest;
import io.relance.support.TemplateDirs;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.relance.support.DashboardBrowser.encode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's message texts over real HTTP, as a marketer logged in through the form: the list, previews of an
 * email and an SMS (sample contact or a real one, everything the contact wrote escaped, the email's HTML only in a
 * sandboxed frame), a test send received by a real SMTP server (GreenMail) and recorded as a test, and the clear
 * errors of a bad address or an unknown contact; a broken change of a text, refused, shown on the list. The texts are
 * a copy of the project's in a scenario folder of the test's own (with the catalogue and the decision tables).
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-insight-templates;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles("apitest")
class InsightTemplatePagesOnH2Test extends SmtpTest {

    static final String PASSWORD = "Marketing-secret-1";

    static final Path SCENARIOS = scenarios();

    @DynamicPropertySource
    static void scenarioFolder(DynamicPropertyRegistry registry) {
        registry.add("relance.scenario-dir", SCENARIOS::toString);
    }

    /** Under target/: the event catalogue, the decision tables and a copy of the texts (no diagram is needed). */
    static Path scenarios() {
        Path project = Path.of("").toAbsolutePath();
        Path scenarios = project.resolve("target/insight-templates-" + UUID.randomUUID());
        try {
            Files.createDirectories(scenarios.resolve("bpmn"));
            Files.copy(project.resolve("bpmn/event-types.yaml"), scenarios.resolve("bpmn/event-types.yaml"));
            Files.createDirectories(scenarios.resolve("dmn"));
            try (Stream<Path> tables = Files.list(project.resolve("dmn"))) {
                for (Path table : tables.filter(f -> f.toString().endsWith(".dmn")).toList()) {
                    Files.copy(table, scenarios.resolve("dmn").resolve(table.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TemplateDirs.copyInto(scenarios);
        return scenarios;
    }

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;
    @Autowired
    CommunicationLog communicationLog;
    @Autowired
    MessageTemplates templates;

    DashboardBrowser browser;
    String marketer;

    @BeforeEach
    void logIn() {
        marketer = Groups.MARKETING + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(marketer);
        user.setPassword(PASSWORD);
        identityService.saveUser(user);
        identityService.createMembership(marketer, Groups.MARKETING);
        browser = new DashboardBrowser(port);
        assertThat(browser.logIn(marketer, PASSWORD).statusCode()).isEqualTo(302);
    }

    String contact(String json) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response created = ApiClient.as(port, "admin", "admin-secret-for-tests").put("/api/contacts/" + id,
                json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    /** A page read with status 200; the apostrophes Thymeleaf writes as {@code &#39;} put back, to read the text. */
    String page(String path) {
        HttpResponse<String> response = browser.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body().replace("&#39;", "'");
    }

    @Test
    void theListShowsEachTextItsLanguagesAndWhereItIsRead() {
        String body = page("/insight/templates");
        assertThat(body).contains("Textes des messages", "bpmn/templates")
                .contains("data-channel=\"email\" data-type=\"cart-reminder-1\"")
                .contains("data-channel=\"sms\" data-type=\"welcome\"")
                .contains("email/cart-reminder-1_fr.html", "en, fr", "dossier bpmn/templates/")
                .contains("href=\"/insight/templates/email/cart-reminder-1\"", "href=\"/insight/templates/sms/welcome\"")
                .doesNotContain("Dernière modification refusée");
        assertThat(page("/insight")).as("the navigation links to it")
                .contains("href=\"/insight/templates\"");
    }

    @Test
    void aBrokenChangeIsShownRefusedWithFileLineAndProblem() throws IOException {
        Path sms = SCENARIOS.resolve("bpmn/templates/sms/welcome_fr.txt");
        String text = Files.readString(sms);
        try {
            write(sms, text.replace("[(${firstName}", "[(${firstName.noSuchMethod('<b>')}"));
            assertThat(templates.reload().refused()).as("the broken change is refused").isNotNull();
            String body = page("/insight/templates");
            assertThat(body).contains("Dernière modification refusée", sms.toString(), "<dd>1</dd>", "noSuchMethod")
                    .doesNotContain("('<b>')");
            assertThat(page("/insight/templates/sms/welcome")).as("the previous text stays in use")
                    .contains("Bonjour Marie, bienvenue");
        } finally {
            write(sms, text);
            assertThat(templates.reload().refused()).isNull();
        }
    }

    /** Writes a text as an editor would: a later modification time, so that the next look sees the change. */
    static void write(Path file, String text) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(2)));
    }

    @Test
    void anEmailPreviewShowsTheSubjectTheTextAndTheHtmlOnlyInASandboxedFrame() {
        String body = page("/insight/templates/email/cart-reminder-1");
        assertThat(body).contains("pour le contact d'exemple", "Votre panier vous attend", "Bonjour Marie,",
                "Chaussures de trail", "commercial");
        assertThat(body).contains("<iframe id=\"html\" class=\"email\" sandbox=\"\"").doesNotContain("allow-scripts");
        // The HTML is in the frame's srcdoc, escaped: no tag of the email is a tag of the page.
        assertThat(body).contains("srcdoc=\"&lt;!DOCTYPE html&gt;").doesNotContain("<p>Bonjour");

        // A real contact: her language, her name; what she typed stays text.
        String contactId = contact("""
                {"email": "evil@example.com", "firstName": "<script>alert(1)</script>", "locale": "en-GB"}""");
        String real = page("/insight/templates/email/welcome?contactId=" + encode(contactId));
        assertThat(real).contains("pour le contact <span id=\"for-contact\">" + contactId, "Hello")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
    }

    @Test
    void anSmsPreviewShowsTheTextItsEncodingAndSegments() {
        String body = page("/insight/templates/sms/cart-reminder-1");
        assertThat(body).contains("Bonjour Marie, votre panier vous attend", "STOP au 36111")
                .contains("<dd id=\"encoding\">GSM-7</dd>", "<dd id=\"segments\">1</dd>")
                .doesNotContain("<iframe");
    }

    @Test
    void anUnknownContactOrTextIsSaidClearly() {
        String body = page("/insight/templates/email/welcome?contactId=" + encode("<b>nobody</b>"));
        assertThat(body).contains("Aucun contact n'a l'identifiant « &lt;b&gt;nobody&lt;/b&gt; ».")
                .doesNotContain("<b>nobody").doesNotContain("id=\"preview\"");
        HttpResponse<String> unknown = browser.get("/insight/templates/email/no-such-type");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("n'a le type de message");
    }

    @Test
    void aTestSendGoesToGreenMailRecordedAsATestAndCountedNowhere() throws Exception {
        String contactId = contact("""
                {"email": "marie@example.com", "firstName": "Marie", "locale": "fr",
                 "consents": {"email": {"granted": true}}}""");
        String preview = "/insight/templates/email/cart-reminder-1?contactId=" + encode(contactId);
        HttpResponse<String> sent = browser.form("/insight/templates/email/cart-reminder-1/test-send",
                "to=" + encode("marketer@example.com") + "&contactId=" + encode(contactId) + "&_csrf="
                        + encode(browser.csrf(preview)));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith(preview);
        String result = page(preview);
        assertThat(result).contains("Test envoyé à <strong>marketer@example.com</strong>");
        assertThat(page(preview)).as("shown once, not sent again on reload").doesNotContain("Test envoyé");

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("marketer@example.com");
        assertThat(received[0].getSubject()).isEqualTo("Votre panier vous attend");
        assertThat(received[0].getHeader("X-Relance-Test-Send")).containsExactly("true");
        List<CommunicationView> logged = communicationLog.ofContact(contactId);
        assertThat(logged).singleElement().satisfies(c -> {
            assertThat(c.isTestSend()).isTrue();
            assertThat(c.getStatus()).isEqualTo(SendStatus.SENT);
            assertThat(c.getReason()).isEqualTo("test send by " + marketer);
            assertThat(result).contains(c.getId());
        });
        assertThat(communicationLog.commercialSince(List.of(contactId), Instant.EPOCH)).as("not in pressure")
                .isEmpty();
    }

    @Test
    void aBadRecipientIsSaidAndNothingIsSent() {
        String csrf = browser.csrf("/insight/templates/sms/welcome");
        HttpResponse<String> bad = browser.form("/insight/templates/sms/welcome/test-send",
                "to=" + encode("06<i>12</i>") + "&_csrf=" + encode(csrf));
        assertThat(bad.statusCode()).isEqualTo(302);
        String body = page("/insight/templates/sms/welcome");
        assertThat(body).contains("« 06&lt;i&gt;12&lt;/i&gt; » n'est pas un numéro au format international")
                .doesNotContain("<i>12");
        HttpResponse<String> missing = browser.form("/insight/templates/email/welcome/test-send",
                "to=&_csrf=" + encode(csrf));
        assertThat(missing.statusCode()).isEqualTo(302);
        assertThat(page("/insight/templates/email/welcome"))
                .contains("Indiquez l'adresse e-mail qui reçoit le test.");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
