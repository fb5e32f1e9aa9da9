package io.relance.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.relance.channel.sms.SmsSink;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.security.Groups;
import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import io.relance.support.TestSmtp;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message texts over REST, with the security groups: the list, previews (email and SMS, sample contact or a real
 * one) and test sends received by a real SMTP server (GreenMail), recorded as tests and counted nowhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-templates;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TemplateApiOnH2Test.Recorded.class)
class TemplateApiOnH2Test extends SmtpTest {

    static final String PASSWORD = "Templates-secret-1";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;
    @Autowired
    CommunicationRepository communications;
    @Autowired
    CommunicationLog communicationLog;
    @Autowired
    ContactService contacts;
    @Autowired
    List<ChannelSender> senders;
    @Autowired
    Recorded recorded;
    /** The development SMS gateway (no relance.sms.gateway-url in the tests). */
    @Autowired
    SmsSink sms;

    ApiClient admin;
    ApiClient marketer;
    ApiClient integration;
    ApiClient sales;

    /** Every communication log outcome published (what figures and experiments count). */
    @TestConfiguration
    static class Recorded {
        final List<CommunicationRecorded> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CommunicationRecorded event) {
            events.add(event);
        }
    }

    @BeforeEach
    void users() {
        admin = ApiClient.as(port, "admin", "admin-secret-for-tests");
        integration = ApiClient.as(port, "integration", "integration-secret-for-tests");
        marketer = ApiClient.as(port, user(Groups.MARKETING), PASSWORD);
        sales = ApiClient.as(port, user(Groups.SALES), PASSWORD);
    }

    String user(String group) {
        String id = group + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(id);
        user.setPassword(PASSWORD);
        identityService.saveUser(user);
        identityService.createMembership(id, group);
        return id;
    }

    String contact(String json) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response created = admin.put("/api/contacts/" + id, json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theListSaysWhatExistsInWhichLanguagesAndWhereItIsRead() {
        ApiClient.Response list = marketer.get("/api/templates");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode json = list.json();
        assertThat(json.get("folderPresent").asBoolean()).isTrue();
        assertThat(json.get("folder").asText()).endsWith("bpmn/templates");
        assertThat(json.has("refused")).isFalse();
        JsonNode cart = null;
        for (JsonNode entry : json.get("templates")) {
            if (entry.get("channel").asText().equals("email") && entry.get("messageType").asText()
                    .equals("cart-reminder-1")) {
                cart = entry;
            }
        }
        assertThat(cart).as("cart-reminder-1 is listed").isNotNull();
        assertThat(cart.get("languages").toString()).isEqualTo("[\"en\",\"fr\"]");
        assertThat(cart.get("source").asText()).isEqualTo("folder");
        assertThat(cart.get("files").get(0).get("location").asText()).contains("bpmn/templates/email/cart-reminder-1");

        assertThat(integration.get("/api/templates").status()).isEqualTo(200);
        assertThat(marketer.get("/api/templates/sms/welcome").json().get("languages").size()).isEqualTo(2);
        assertProblem(marketer.get("/api/templates/sms/order-confirmation"), 404);
        assertProblem(sales.get("/api/templates"), 403);
        assertProblem(ApiClient.anonymous(port).get("/api/templates"), 401);
    }

    @Test
    void aPreviewRendersWithTheSampleContactOrARealOneAndTheRequestsVariables() {
        ApiClient.Response sample = marketer.post("/api/templates/email/cart-reminder-1/preview", "{}");
        assertThat(sample.status()).as(sample.body()).isEqualTo(200);
        JsonNode email = sample.json();
        assertThat(email.get("category").asText()).isEqualTo("commercial");
        assertThat(email.get("subject").asText()).isEqualTo("Votre panier vous attend");
        assertThat(email.get("text").asText()).startsWith("Bonjour Marie,").contains("Chaussures de trail")
                .contains("Vous recevez ce message car vous avez laissé des articles dans votre panier le ");
        assertThat(email.get("html").asText()).contains("Chaussures de trail").contains("Vous recevez ce message car")
                .doesNotContain("relance.example/t/");

        // A real contact without a first name, in English, and a variable of the request over the samples.
        String contactId = contact("""
                {"email": "anon@example.com", "locale": "en-GB", "timeZone": "America/Montreal"}""");
        JsonNode real = marketer.post("/api/templates/email/order-confirmation/preview", """
                {"contactId": "%s", "variables": {"orderId": "Z-99"}}""".formatted(contactId)).json();
        assertThat(real.get("category").asText()).isEqualTo("transactional");
        assertThat(real.get("text").asText()).startsWith("Hello,\n").contains("Z-99")
                .doesNotContain("You receive this message because");
        assertThat(real.get("contactId").asText()).isEqualTo(contactId);

        JsonNode sms = admin.post("/api/templates/sms/promotion/preview", """
                {"variables": {"offerCode": "NOEL"}}""").json();
        assertThat(sms.get("text").asText()).startsWith("Marie, une offre vous attend").contains("NOEL")
                .endsWith("STOP au 36111");
        assertThat(sms.get("encoding").asText()).isEqualTo("GSM-7");
        assertThat(sms.get("segments").asInt()).isEqualTo(1);
        assertThat(sms.has("html")).isFalse();
        JsonNode emoji = marketer.post("/api/templates/sms/promotion/preview", """
                {"variables": {"offerCode": "NOËL🎄"}}""").json();
        assertThat(emoji.get("encoding").asText()).isEqualTo("UCS-2");
        assertThat(emoji.get("segments").asInt()).isEqualTo(2);
    }

    @Test
    void badPreviewsAndTestSendsAreProblemsAndOnlyAdministratorsAndMarketersMayAsk() {
        assertProblem(marketer.post("/api/templates/email/no-such-type/preview", "{}"), 404);
        assertProblem(marketer.post("/api/templates/fax/welcome/preview", "{}"), 404);
        assertProblem(marketer.post("/api/templates/email/welcome/preview", """
                {"contactId": "nobody-%s"}""".formatted(UUID.randomUUID())), 404);
        assertProblem(marketer.post("/api/templates/email/welcome/preview", """
                {"variables": "not an object"}"""), 400);
        assertProblem(marketer.post("/api/templates/email/welcome/test-send", """
                {"to": "not an address"}"""), 400);
        assertProblem(marketer.post("/api/templates/email/welcome/test-send", "{}"), 400);
        assertProblem(marketer.post("/api/templates/sms/welcome/test-send", """
                {"to": "0612345678"}"""), 400);
        assertProblem(marketer.post("/api/templates/email/no-such-type/test-send", """
                {"to": "marketer@example.com"}"""), 404);

        assertProblem(integration.post("/api/templates/email/welcome/preview", "{}"), 403);
        assertProblem(integration.post("/api/templates/email/welcome/test-send", """
                {"to": "marketer@example.com"}"""), 403);
        assertProblem(sales.post("/api/templates/email/welcome/test-send", """
                {"to": "marketer@example.com"}"""), 403);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aTestSendGoesToTheGivenAddressRecordedAsATestAndCountedNowhere() throws Exception {
        String contactId = contact("""
                {"email": "marie@example.com", "firstName": "Marie", "locale": "fr",
                 "consents": {"email": {"granted": true}}}""");
        int published = recorded.events.size();

        ApiClient.Response response = marketer.post("/api/templates/email/cart-reminder-1/test-send", """
                {"to": "marketer@example.com", "contactId": "%s"}""".formatted(contactId));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode sent = response.json();
        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(sent.get("category").asText()).isEqualTo("commercial");

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("marketer@example.com");
        assertThat(received[0].getSubject()).isEqualTo("Votre panier vous attend");
        assertThat(received[0].getHeader("X-Relance-Test-Send")).containsExactly("true");
        assertThat(received[0].getHeader("List-Unsubscribe")).isNull();
        String text = TestSmtp.part(received[0], "text/plain");
        assertThat(text).startsWith("Bonjour Marie,")
                .contains("Vous recevez ce message car vous avez laissé des articles dans votre panier le ");
        assertThat(TestSmtp.part(received[0], "text/html")).doesNotContain("relance.example/t/")
                .contains("Vous recevez ce message car");

        Communication logged = communications.findById(sent.get("communicationId").asText()).orElseThrow();
        assertThat(logged.isTestSend()).isTrue();
        assertThat(logged.getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(logged.getRecipient()).isEqualTo("marketer@example.com");
        assertThat(logged.getContactId()).isEqualTo(contactId);
        assertThat(logged.getReason()).startsWith("test send by " + Groups.MARKETING);
        assertThat(communicationLog.ofContact(contactId)).extracting(CommunicationView::isTestSend)
                .containsExactly(true);
        // Never counted: not in the pressure caps' count, no outcome published to the figures and experiments.
        assertThat(communicationLog.commercialSince(List.of(contactId), Instant.EPOCH)).isEmpty();
        assertThat(recorded.events.size()).isEqualTo(published);

        // With the sample contact: no contact in the log.
        JsonNode sampleSend = admin.post("/api/templates/email/welcome/test-send", """
                {"to": "admin@example.com"}""").json();
        assertThat(communications.findById(sampleSend.get("communicationId").asText()).orElseThrow()
                .getContactId()).isNull();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void anSmsTestSendGoesToTheGivenNumberRecordedAsATest() {
        sms.clear();
        ApiClient.Response response = marketer.post("/api/templates/sms/cart-reminder-1/test-send", """
                {"to": "+33698765432"}""");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode sent = response.json();
        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(sent.get("recipient").asText()).isEqualTo("+33698765432");

        assertThat(sms.messages()).singleElement().satisfies(message -> {
            assertThat(message.to()).isEqualTo("+33698765432");
            assertThat(message.text()).startsWith("Bonjour Marie,").endsWith("STOP au 36111");
        });
        Communication logged = communications.findById(sent.get("communicationId").asText()).orElseThrow();
        assertThat(logged.isTestSend()).isTrue();
        assertThat(logged.getChannel()).isEqualTo(MessageChannel.SMS);
        assertThat(logged.getStatus()).isEqualTo(SendStatus.SENT);
        assertThat(logged.getRecipient()).isEqualTo("+33698765432");
    }

    @Test
    void aTransactionalTestSendHasNoWhyLineAndGreetsWithoutAFirstName() throws Exception {
        String contactId = contact("""
                {"email": "sans-prenom@example.com", "locale": "fr"}""");
        ApiClient.Response response = marketer.post("/api/templates/email/order-confirmation/test-send", """
                {"to": "marketer@example.com", "contactId": "%s"}""".formatted(contactId));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        MimeMessage received = smtp.getReceivedMessages()[0];
        String text = TestSmtp.part(received, "text/plain");
        assertThat(text.replace("\r\n", "\n")).startsWith("Bonjour,\n").doesNotContain("Vous recevez ce message car");
        assertThat(TestSmtp.part(received, "text/html")).contains("<p>Bonjour,</p>")
                .doesNotContain("Vous recevez ce message car");
    }

    /** The scenarios' own path (prepare): a commercial email says why, in its footer; a transactional one does not. */
    @Test
    void aScenariosCommercialEmailSaysWhyAndATransactionalOneDoesNot() throws Exception {
        String contactId = contact("""
                {"email": "marie@example.com", "firstName": "Marie", "locale": "fr", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true}}}""");
        ContactView contact = contacts.find(contactId).orElseThrow();
        ChannelSender email = senders.stream().filter(s -> s.channel() == MessageChannel.EMAIL).findFirst()
                .orElseThrow();

        ChannelSender.Prepared commercial = email.prepare(contact, new SendRequest(contactId, "abandoned-cart", null,
                "Task_SendReminder1", "k-" + UUID.randomUUID(), MessageChannel.EMAIL, "cart-reminder-1",
                Category.COMMERCIAL, Map.of("cartUrl", "https://www.example.com/panier")), UUID.randomUUID().toString());
        email.deliver(commercial);
        ChannelSender.Prepared transactional = email.prepare(contact, new SendRequest(contactId, "transactional",
                null, "Task_Confirm", "k-" + UUID.randomUUID(), MessageChannel.EMAIL, "order-confirmation",
                Category.TRANSACTIONAL, Map.of("orderId", "A-1")), UUID.randomUUID().toString());
        email.deliver(transactional);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        String day = java.time.format.DateTimeFormatter.ofPattern("d MMMM", java.util.Locale.FRENCH)
                .format(Instant.now().atZone(java.time.ZoneId.of("Europe/Paris")));
        String why = "Vous recevez ce message car vous avez laissé des articles dans votre panier le " + day + ".";
        String commercialText = TestSmtp.part(received[0], "text/plain");
        assertThat(commercialText).contains(why);
        // In the footer: after the signature, before the unsubscribe link.
        assertThat(commercialText.indexOf(why)).isGreaterThan(commercialText.indexOf("L'équipe"))
                .isLessThan(commercialText.indexOf("Se désinscrire"));
        assertThat(TestSmtp.part(received[0], "text/html")).contains(why);
        assertThat(received[0].getHeader("List-Unsubscribe")).isNotNull();
        assertThat(TestSmtp.part(received[1], "text/plain")).startsWith("Bonjour Marie,")
                .doesNotContain("Vous recevez ce message car");
        assertThat(TestSmtp.part(received[1], "text/html")).doesNotContain("Vous recevez ce message car");
    }
}
