package io.relance.scenario;

import com.icegreen.greenmail.util.GreenMail;
import io.relance.pressure.ArbitrationWorker;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.Waits;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event promotion end to end: {@code EventPublished} through {@code POST /api/events}, the invitation received
 * by a real SMTP server (GreenMail), its open pixel fetched (an {@code EmailOpened} event that skips the reminder),
 * then the last call at its timer, the day before the event at 09:00 Paris time. The job executor is off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-event-promotion-e2e;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class EventPromotionEndToEndTest extends SmtpTest {


    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ArbitrationWorker arbitration;
    @Autowired
    TestClock clock;

    /**
     * The send waits for its arbitration (a commercial send, without a job); the arbitration runs at the day's send
     * slot (10:00 in Paris; 10:30 here).
     */
    private void sendOn(String instanceId, String sendTaskId, LocalDate day) {
        Waits.arbitratedSend(engine, instanceId, sendTaskId);
        clock.set(day.atTime(10, 30).atZone(EventDates.ZONE).toInstant());
        Arbitrated.settle(arbitration);
    }

    private Job job(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    private static String html(MimeMessage message) throws Exception {
        List<BodyPart> parts = new ArrayList<>();
        collect((Multipart) message.getContent(), parts);
        for (BodyPart part : parts) {
            if (part.isMimeType("text/html")) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("no text/html part");
    }

    private static void collect(Multipart multipart, List<BodyPart> parts) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                collect(nested, parts);
            } else {
                parts.add(part);
            }
        }
    }

    @Test
    void invitationOpenedThenLastCallTheDayBeforeTheEvent() throws Exception {
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String contactId = "c-" + UUID.randomUUID();
        assertThat(api.put("/api/contacts/" + contactId, """
                {"email": "salon@example.com", "firstName": "Hugo", "locale": "fr",
                 "consents": {"email": {"granted": true}}}""").status()).isEqualTo(201);
        LocalDate eventDay = LocalDate.now(EventDates.ZONE).plusDays(20);
        ApiClient.Response published = api.post("/api/events", """
                {"eventId": "%s", "type": "EventPublished", "contactId": "%s", "occurredAt": "2026-11-23T09:00:00Z",
                 "data": {"eventName": "Salon du voyage", "eventDate": "%sT19:30:00+01:00",
                          "eventUrl": "https://www.example.com/salon"}}"""
                .formatted("e-" + UUID.randomUUID(), contactId, eventDay));
        assertThat(published.status()).as(published.body()).isEqualTo(202);
        String instanceId = published.json().path("startedInstances").get(0).asText();

        sendOn(instanceId, EventPromotion.TASK_SEND_INVITATION, LocalDate.now(EventDates.ZONE));

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        MimeMessage invitation = smtp.getReceivedMessages()[0];
        assertThat(invitation.getSubject()).isEqualTo("Vous êtes invité : Salon du voyage");
        assertThat(invitation.getHeader("List-Unsubscribe")).as("commercial").isNotNull();
        String html = html(invitation);
        assertThat(html).contains("Salon du voyage").contains("https://relance.example/t/c/")
                .doesNotContain("https://www.example.com/salon");
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .contains(EventPromotion.GATEWAY_OPENED_OR_REMINDER_TIME);

        Matcher open = Pattern.compile("https://relance.example(/t/o/[^\"]+)").matcher(html);
        assertThat(open.find()).isTrue();
        assertThat(ApiClient.anonymous(port).get(open.group(1)).status()).isEqualTo(200);

        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .as("the invitation was opened: no reminder, wait for the last call")
                .containsExactly(EventPromotion.TIMER_LAST_CALL_TIME);
        Job lastCall = job(instanceId);
        assertThat(lastCall.getDuedate()).isEqualTo(Date.from(eventDay.minusDays(1).atTime(9, 0)
                .atZone(EventDates.ZONE).toInstant()));
        managementService.executeJob(lastCall.getId());
        sendOn(instanceId, EventPromotion.TASK_SEND_LAST_CALL, eventDay.minusDays(1));

        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("C'est demain : Salon du voyage");
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(EventPromotion.TASK_SEND_REMINDER).count()).isZero();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(EventPromotion.END_PROMOTED).count()).isEqualTo(1);
    }
}
