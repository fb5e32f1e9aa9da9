package io.relance.scenario;

import io.relance.support.StartedMockWebServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import jakarta.mail.internet.MimeMessage;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appointment scenario end to end: a booking through {@code POST /api/events}, the confirmation received by a
 * real SMTP server (GreenMail), the reminder timer 24 hours before the appointment fired by the test, the reminder
 * sent to a real HTTP server playing the SMS provider (MockWebServer) for a contact with SMS consent and a phone,
 * by email for another; a cancellation through the API ends the scenario without a reminder. The job executor is
 * off: the test decides when jobs run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-appointment-e2e;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.sms.api-key=key", "relance.sms.api-secret=secret", "relance.sms.sender=Relance",
        "relance.sms.stop-mention=STOP au 36111",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
class AppointmentEndToEndTest extends SmtpTest {

    static final MockWebServer provider = StartedMockWebServer.start();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;

    ApiClient api;

    @DynamicPropertySource
    static void smsGateway(DynamicPropertyRegistry registry) {
        registry.add("relance.sms.gateway-url", () -> provider.url("/vonage").toString());
    }

    @AfterAll
    static void stop() throws IOException {
        provider.shutdown();
    }

    @BeforeEach
    void setUp() throws InterruptedException {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        while (provider.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drain requests of earlier tests
        }
    }

    private String contact(String json) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private ApiClient.Response event(String type, String contactId, String data) {
        return api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:00:00Z",
                 "data": %s}""".formatted("e-" + UUID.randomUUID(), type, contactId, data));
    }

    private String book(String contactId, String appointmentId, ZonedDateTime startsAt) {
        ApiClient.Response response = event(Appointment.MESSAGE_START, contactId, """
                {"appointmentId": "%s", "startsAt": "%s", "place": "Boutique Lyon Part-Dieu",
                 "serviceName": "Essayage", "manageUrl": "https://shop.example.com/rdv/%s"}"""
                .formatted(appointmentId, startsAt.toOffsetDateTime(), appointmentId));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("startedInstances").get(0).asText();
    }

    private Job job(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    private static ZonedDateTime inTenDaysAt1430() {
        return LocalDate.now(PARIS).plusDays(10).atTime(LocalTime.of(14, 30)).atZone(PARIS);
    }

    private boolean passed(String instanceId, String activityId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(activityId).count() == 1;
    }

    @Test
    void confirmationByEmailThenTheReminderBySmsADayBefore() throws Exception {
        String contactId = contact("""
                {"email": "marie@example.com", "phone": "+33612345678", "firstName": "Marie", "locale": "fr-FR",
                 "consents": {"sms": {"granted": true}}}""");
        ZonedDateTime startsAt = inTenDaysAt1430();
        String day = startsAt.toLocalDate().toString();
        String instanceId = book(contactId, "RDV-8812", startsAt);

        managementService.executeJob(job(instanceId).getId());
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()).extracting(Object::toString).containsExactly("marie@example.com");
        assertThat(received[0].getSubject()).isEqualTo("Rendez-vous confirmé le " + day + " à 14:30");
        assertThat(received[0].getHeader("List-Unsubscribe")).as("transactional").isNull();
        assertThat(GreenMailUtil.getBody(received[0])).contains("RDV-8812").contains("Essayage")
                .contains("Boutique Lyon Part-Dieu");

        Job timer = job(instanceId);
        assertThat(timer.getDuedate()).isEqualTo(Date.from(startsAt.minusHours(24).toInstant()));
        provider.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                {"message-count": "1", "messages": [{"to": "33612345678", "message-id": "v-1", "status": "0"}]}"""));
        managementService.executeJob(timer.getId());
        managementService.executeJob(job(instanceId).getId());

        RecordedRequest sms = provider.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sms).as("the reminder reached the SMS provider").isNotNull();
        JsonNode body = JSON.readTree(sms.getBody().readUtf8());
        assertThat(body.path("to").asText()).isEqualTo("33612345678");
        assertThat(body.path("text").asText())
                .isEqualTo("Rappel : rendez-vous le " + day + " à 14:30, Boutique Lyon Part-Dieu. Besoin de le"
                        + " déplacer ? Contactez-nous. Réf. RDV-8812")
                .as("transactional: no opt-out mention").doesNotContain("STOP");
        assertThat(smtp.getReceivedMessages()).as("no reminder email besides").hasSize(1);
        assertThat(passed(instanceId, Appointment.TASK_SEND_REMINDER_SMS)).isTrue();
        assertThat(passed(instanceId, Appointment.END_REMINDED_BY_SMS)).isTrue();
    }

    @Test
    void withoutSmsConsentTheReminderComesByEmailInTheContactsTimeZone() throws Exception {
        String contactId = contact("""
                {"email": "ann@example.com", "phone": "+12125550100", "firstName": "Ann", "locale": "en-US",
                 "timeZone": "America/New_York"}""");
        ZonedDateTime startsAt = inTenDaysAt1430();
        String instanceId = book(contactId, "RDV-9001", startsAt);
        managementService.executeJob(job(instanceId).getId());
        ZonedDateTime inNewYork = startsAt.withZoneSameInstant(ZoneId.of("America/New_York"));
        String shown = inNewYork.toLocalDate() + " at " + inNewYork.format(DateTimeFormatter.ofPattern("HH:mm"));
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Appointment confirmed on " + shown);

        managementService.executeJob(job(instanceId).getId());
        managementService.executeJob(job(instanceId).getId());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[1].getSubject()).isEqualTo("Reminder: appointment on " + shown);
        assertThat(GreenMailUtil.getBody(received[1])).contains("RDV-9001")
                .contains("https://shop.example.com/rdv/RDV-9001");
        assertThat(provider.takeRequest(200, TimeUnit.MILLISECONDS)).as("no SMS").isNull();
        assertThat(passed(instanceId, Appointment.TASK_SEND_REMINDER_EMAIL)).isTrue();
    }

    @Test
    void aCancelledAppointmentGetsNoReminder() {
        String contactId = contact("""
                {"email": "paul@example.com", "phone": "+33698765432", "consents": {"sms": {"granted": true}}}""");
        String instanceId = book(contactId, "RDV-7", inTenDaysAt1430());
        managementService.executeJob(job(instanceId).getId());

        ApiClient.Response cancelled = event(EventType.APPOINTMENT_CANCELLED, contactId, """
                {"appointmentId": "RDV-7"}""");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        assertThat(cancelled.json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(passed(instanceId, Appointment.END_CANCELLED)).isTrue();
        assertThat(managementService.createJobQuery().processInstanceId(instanceId).count()).isZero();
        assertThat(smtp.getReceivedMessages()).as("the confirmation only").hasSize(1);
    }

    @Test
    void aBookingWithoutItsTimeIsRefusedNamingTheField() {
        String contactId = contact("""
                {"email": "lea@example.com"}""");

        ApiClient.Response refused = event(Appointment.MESSAGE_START, contactId, """
                {"appointmentId": "RDV-1"}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("startsAt");
    }
}
