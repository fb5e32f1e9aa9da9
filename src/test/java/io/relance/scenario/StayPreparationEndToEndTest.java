package io.relance.scenario;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stay preparation end to end: a booking through {@code POST /api/events}, the timer set 7 days before departure
 * at 09:00 Paris time, fired by the test, the email received by a real SMTP server (GreenMail); a cancellation of
 * that booking ends the scenario without a message. The job executor is off: the test decides when jobs run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-stay-e2e;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
class StayPreparationEndToEndTest extends SmtpTest {


    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;

    ApiClient api;

    @BeforeEach
    void setUp() throws Exception {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    private String contact() {
        String id = "c-" + UUID.randomUUID();
        // No marketing consent: the preparation is a service message around the booking.
        ApiClient.Response response = api.put("/api/contacts/" + id, """
                {"email": "voyage@example.com", "firstName": "Inès", "locale": "fr-FR",
                 "consents": {"email": {"granted": false}}}""");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private ApiClient.Response event(String type, String contactId, String data) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "2026-11-23T09:00:00Z",
                 "data": %s}""".formatted("e-" + UUID.randomUUID(), type, contactId, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response;
    }

    private Job job(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    @Test
    void bookingGetsItsPreparationEmailSevenDaysBeforeDepartureAtNineInParis() throws Exception {
        String contactId = contact();
        LocalDate departure = LocalDate.now(StayDates.ZONE).plusDays(30);
        String instanceId = event(StayPreparation.MESSAGE_START, contactId, """
                {"bookingId": "B-2042", "departureDate": "%s", "destination": "Lisbonne"}""".formatted(departure))
                .json().path("startedInstances").get(0).asText();

        Job timer = job(instanceId);
        assertThat(timer.getDuedate()).isEqualTo(Date.from(departure.minusDays(7).atTime(9, 0)
                .atZone(StayDates.ZONE).toInstant()));
        assertThat(smtp.getReceivedMessages()).isEmpty();

        managementService.executeJob(timer.getId());
        managementService.executeJob(job(instanceId).getId());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()).extracting(Object::toString)
                .containsExactly("voyage@example.com");
        assertThat(received[0].getSubject()).isEqualTo("Préparez votre séjour : Lisbonne");
        assertThat(received[0].getHeader("List-Unsubscribe")).as("transactional").isNull();
        String body = GreenMailUtil.getBody(received[0]);
        assertThat(body).contains("B-2042").contains(departure.toString());
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(StayPreparation.END_PREPARATION_SENT).count()).isEqualTo(1);
    }

    @Test
    void aTravellerInNewYorkGetsItAtNineNewYorkTime() throws Exception {
        String contactId = "c-" + UUID.randomUUID();
        ApiClient.Response created = api.put("/api/contacts/" + contactId, """
                {"email": "traveller@example.com", "firstName": "Ann", "locale": "en-US",
                 "timeZone": "America/New_York"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ZoneId newYork = ZoneId.of("America/New_York");
        LocalDate departure = LocalDate.now(newYork).plusDays(30);
        String instanceId = event(StayPreparation.MESSAGE_START, contactId, """
                {"bookingId": "B-7001", "departureDate": "%s", "destination": "Lisbon"}""".formatted(departure))
                .json().path("startedInstances").get(0).asText();

        Job timer = job(instanceId);
        assertThat(timer.getDuedate()).isEqualTo(Date.from(departure.minusDays(7).atTime(9, 0)
                .atZone(newYork).toInstant()));
        managementService.executeJob(timer.getId());
        managementService.executeJob(job(instanceId).getId());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()).extracting(Object::toString)
                .containsExactly("traveller@example.com");
        assertThat(GreenMailUtil.getBody(received[0])).contains("B-7001");
    }

    @Test
    void aCancelledBookingGetsNoEmail() {
        String contactId = contact();
        String instanceId = event(StayPreparation.MESSAGE_START, contactId, """
                {"bookingId": "B-3001", "departureDate": "%s"}""".formatted(LocalDate.now().plusDays(60)))
                .json().path("startedInstances").get(0).asText();

        ApiClient.Response cancelled = event(EventType.BOOKING_CANCELLED, contactId, """
                {"bookingId": "B-3001"}""");

        assertThat(cancelled.json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(StayPreparation.END_CANCELLED).count()).isEqualTo(1);
        assertThat(managementService.createJobQuery().processInstanceId(instanceId).count()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
