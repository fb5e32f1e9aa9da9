package io.relance.scenario;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of the articles end to end: events through {@code POST /api/events}, mail received by a real SMTP
 * server (GreenMail): browse abandonment (two views, one instance, one reminder listing both products), the contest
 * (entry confirmation, the prize at the draw), the event registration (confirmation, reminder the day before,
 * thank-you with the replay; the promotion of the same event stops its reminders). The job executor is off: the
 * test runs the jobs, and the arbitration of the commercial sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-article-scenarios-e2e;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class ArticleScenariosEndToEndTest extends SmtpTest {

    /** Monday 23 November 2026, 08:30 in Paris. */
    private static final Instant START = Instant.parse("2026-11-23T07:30:00Z");

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

    private ApiClient api;

    @BeforeEach
    void setUp() {
        clock.set(START);
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    private String contact(String email, String firstName) {
        String contactId = "c-" + UUID.randomUUID();
        String name = firstName == null ? "" : "\"firstName\": \"" + firstName + "\",";
        ApiClient.Response created = api.put("/api/contacts/" + contactId, """
                {"email": "%s", %s "locale": "fr", "timeZone": "Europe/Paris",
                 "consents": {"email": {"granted": true}}}""".formatted(email, name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return contactId;
    }

    private ApiClient.Response event(String type, String contactId, String data) {
        ApiClient.Response answer = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "%s", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, clock.instant(), data));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer;
    }

    private String instanceOf(String processKey, String contactId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(contactId).singleResult().getId();
    }

    private Job job(String instanceId) {
        return managementService.createJobQuery().processInstanceId(instanceId).singleResult();
    }

    /** Runs the instance's next job (a timer or a transactional send); then the arbitration decides what is due. */
    private void runJob(String instanceId) {
        managementService.executeJob(job(instanceId).getId());
        Arbitrated.settle(arbitration);
    }

    /** The commercial send waits for its arbitration (without a job); the arbitration decides whether it is due. */
    private void arbitrate(String instanceId, String sendTaskId) {
        Waits.arbitratedSend(engine, instanceId, sendTaskId);
        Arbitrated.settle(arbitration);
    }

    private boolean passed(String instanceId, String activityId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .activityId(activityId).count() > 0;
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
    void browseAbandonmentRemindsOnceWithTheProductsViewed() throws Exception {
        String contactId = contact("visite@example.com", null);
        event(EventType.PRODUCT_VIEWED, contactId, """
                {"productId": "sku-1", "productName": "Veste imperméable", "price": 89.9,
                 "productUrl": "https://shop.example.com/p/sku-1"}""");
        String instanceId = instanceOf(BrowseAbandonment.PROCESS_KEY, contactId);
        clock.set(START.plusSeconds(600));
        ApiClient.Response second = event(EventType.PRODUCT_VIEWED, contactId, """
                {"productId": "sku-2", "productName": "Sac à dos 30 L", "price": 49,
                 "productUrl": "https://shop.example.com/p/sku-2"}""");
        assertThat(second.json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(BrowseAbandonment.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).count()).as("one instance per contact").isOne();

        clock.set(START.plusSeconds(600 + 4 * 3600));
        Waits.runTimer(engine, instanceId);
        arbitrate(instanceId, BrowseAbandonment.TASK_SEND_BROWSE_REMINDER);

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        MimeMessage reminder = smtp.getReceivedMessages()[0];
        assertThat(reminder.getSubject()).isEqualTo("Ces articles vous ont plu ?");
        assertThat(reminder.getHeader("List-Unsubscribe")).as("commercial").isNotNull();
        String html = html(reminder);
        assertThat(html).contains("Bonjour,").contains("Sac à dos 30 L").contains("Veste imperméable")
                .contains("89,90 €").contains("https://relance.example/t/c/")
                .doesNotContain("https://shop.example.com/p/sku-1");
        assertThat(html.indexOf("Sac à dos 30 L")).as("latest first").isLessThan(html.indexOf("Veste imperméable"));
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .containsExactly(BrowseAbandonment.GATEWAY_QUIET_OR_VIEWED);
    }

    @Test
    void contestEntryIsConfirmedAndThePrizeAnnouncedAtTheDraw() throws Exception {
        String contactId = contact("jeu@example.com", "Léa");
        LocalDate drawDay = LocalDate.of(2026, 11, 30);
        event(EventType.CONTEST_ENTERED, contactId, """
                {"contestName": "Grand jeu de Noël", "drawDate": "%s",
                 "contestUrl": "https://shop.example.com/jeu"}""".formatted(drawDay));
        String instanceId = instanceOf(Contest.PROCESS_KEY, contactId);
        runJob(instanceId);

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        MimeMessage confirmation = smtp.getReceivedMessages()[0];
        assertThat(confirmation.getSubject()).isEqualTo("Votre participation : Grand jeu de Noël");
        assertThat(confirmation.getHeader("List-Unsubscribe")).as("transactional").isNull();
        assertThat(html(confirmation)).contains("Bonjour Léa,").contains("2026-11-30");

        clock.set(START.plusSeconds(3 * 86_400));
        event(EventType.CONTEST_RESULT_PUBLISHED, contactId, """
                {"contestName": "Grand jeu de Noël", "won": true, "prize": "un week-end pour deux"}""");
        assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly(Contest.TIMER_DRAW_DATE);
        assertThat(job(instanceId).getDuedate().toInstant()).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        clock.set(Instant.parse("2026-11-30T08:00:00Z"));
        runJob(instanceId);
        runJob(instanceId);

        assertThat(smtp.getReceivedMessages()).hasSize(2);
        MimeMessage won = smtp.getReceivedMessages()[1];
        assertThat(won.getSubject()).isEqualTo("Vous avez gagné : Grand jeu de Noël");
        assertThat(html(won)).contains("un week-end pour deux");
        assertThat(passed(instanceId, Contest.END_WINNER_INFORMED)).isTrue();
    }

    @Test
    void aRegistrationIsConfirmedRemindedThankedAndStopsThePromotion() throws Exception {
        String contactId = contact("salon@example.com", "Hugo");
        String eventDay = "2026-12-10";
        event(EventType.EVENT_PUBLISHED, contactId, """
                {"eventName": "Salon du voyage", "eventDate": "%sT19:30:00+01:00",
                 "eventUrl": "https://www.example.com/salon"}""".formatted(eventDay));
        String promotion = instanceOf(EventPromotion.PROCESS_KEY, contactId);
        clock.set(Instant.parse("2026-11-23T09:30:00Z"));
        arbitrate(promotion, EventPromotion.TASK_SEND_INVITATION);
        assertThat(smtp.getReceivedMessages()).as("the invitation").hasSize(1);

        clock.set(Instant.parse("2026-11-24T10:00:00Z"));
        event(EventType.EVENT_REGISTERED, contactId, """
                {"eventName": "Salon du voyage", "eventDate": "%sT19:30:00+01:00",
                 "eventUrl": "https://www.example.com/salon", "replayUrl": "https://www.example.com/replay"}"""
                .formatted(eventDay));
        String registration = instanceOf(EventRegistration.PROCESS_KEY, contactId);
        runJob(registration);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("Inscription confirmée : Salon du voyage");
        assertThat(runtimeService.getVariable(promotion, EventPromotion.REGISTERED.name())).isEqualTo(true);

        // The promotion's reminder time comes: no reminder for a registered guest, and no last call later.
        clock.set(Instant.parse("2026-11-26T09:30:00Z"));
        managementService.executeJob(job(promotion).getId());
        assertThat(runtimeService.getActiveActivityIds(promotion)).containsExactly(EventPromotion.TIMER_LAST_CALL_TIME);

        clock.set(Instant.parse("2026-12-09T08:00:00Z"));
        runJob(registration);
        runJob(registration);
        managementService.executeJob(job(promotion).getId());
        assertThat(passed(promotion, EventPromotion.END_REGISTERED)).isTrue();
        assertThat(smtp.getReceivedMessages()).as("the registration's reminder only").hasSize(3);
        assertThat(smtp.getReceivedMessages()[2].getSubject()).isEqualTo("Demain : Salon du voyage");

        clock.set(Instant.parse("2026-12-11T08:00:00Z"));
        Waits.runTimer(engine, registration);
        Waits.arbitratedSend(engine, registration, EventRegistration.TASK_SEND_THANK_YOU);
        clock.set(Instant.parse("2026-12-11T09:30:00Z"));
        Arbitrated.settle(arbitration);
        assertThat(smtp.getReceivedMessages()).hasSize(4);
        MimeMessage thanks = smtp.getReceivedMessages()[3];
        assertThat(thanks.getSubject()).isEqualTo("Merci pour votre participation : Salon du voyage");
        assertThat(html(thanks)).contains("Revoir l'évènement en replay").contains("https://relance.example/t/c/");
        assertThat(passed(registration, EventRegistration.END_THANKED)).isTrue();
    }
}
