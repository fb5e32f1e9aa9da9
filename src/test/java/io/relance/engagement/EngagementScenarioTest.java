package io.relance.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.relance.pressure.ArbitrationWorker;
import io.relance.scenario.Engagement;
import io.relance.scenario.EventType;
import io.relance.scenario.Retention;
import io.relance.scenario.ScenarioVariables;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.TestSmtp;
import io.relance.support.Waits;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engagement and retention end to end: activity posted through REST, the daily engagement timer run by the test,
 * EngagementChanged starting retention for an at-risk contact (once a day), the win-back email through a real SMTP
 * server (GreenMail) and a click on its link ending retention as re-engaged. Job executor off: the test runs jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-engagement;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class EngagementScenarioTest extends SmtpTest {

    static final Instant RUN_AT = Instant.parse("2026-11-23T06:30:00Z");

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
    EngagementService engagement;
    @Autowired
    TestClock clock;
    @Autowired
    ArbitrationWorker arbitration;

    /**
     * The send task waits for its arbitration (a commercial send, without a job) at the day's send slot (10:00 in
     * Paris, after the 07:30 run).
     */
    private void sendAtTheSlot(String instanceId, String sendTaskId) {
        Waits.arbitratedSend(engine, instanceId, sendTaskId);
        Arbitrated.settle(arbitration);
        clock.set(RUN_AT.plus(3, ChronoUnit.HOURS));
        Arbitrated.settle(arbitration);
    }

    ApiClient api;

    @BeforeEach
    void setUp() throws Exception {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        clock.set(RUN_AT);
    }

    private String contact(String json) {
        String id = "c-" + UUID.randomUUID();
        ApiClient.Response response = api.put("/api/contacts/" + id, json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private void event(String contactId, String type, long daysAgo) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s", "occurredAt": "%s"}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, RUN_AT.minus(daysAgo, ChronoUnit.DAYS)));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private void runEngagementTimer() {
        Job timer = managementService.createJobQuery().processDefinitionKey(Engagement.PROCESS_KEY).timers()
                .singleResult();
        assertThat(timer).as("the daily engagement timer").isNotNull();
        managementService.executeJob(timer.getId());
    }

    // Mails are counted per address (mailsTo): another test's at-risk contact may receive its win-back meanwhile (its
    // send waits for the arbitration from the engagement run on, without a job, and this test's arbitration sends it).

    private List<HistoricProcessInstance> retentions(String contactId) {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(Retention.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).list();
    }

    private long timelineCount(String contactId, String type) {
        JsonNode entries = api.get("/api/contacts/" + contactId + "/timeline").json().path("entries");
        long count = 0;
        for (JsonNode entry : entries) {
            if (type.equals(entry.path("type").asText())) {
                count++;
            }
        }
        return count;
    }

    @Test
    void aChangedSegmentStartsRetentionOnceADay() {
        String fading = contact("""
                {"email": "fading@example.com", "consents": {"email": {"granted": true}},
                 "attributes": {"valueTier": "gold"}}""");
        event(fading, "OrderPlaced", 75);
        event(fading, "EmailOpened", 60);
        String buyer = contact("""
                {"email": "buyer@example.com", "consents": {"email": {"granted": true}}}""");
        event(buyer, "OrderPlaced", 5);
        event(buyer, "LinkClicked", 4);

        runEngagementTimer();

        assertThat(engagement.segmentOf(fading)).contains(Engagement.SEGMENT_AT_RISK);
        assertThat(engagement.segmentOf(buyer)).contains(Engagement.SEGMENT_ENGAGED);
        ProcessInstance retention = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(Retention.PROCESS_KEY).processInstanceBusinessKey(fading).singleResult();
        assertThat(retention).as("retention started for the at-risk contact").isNotNull();
        assertThat(runtimeService.getActiveActivityIds(retention.getId()))
                .containsExactly(Retention.TASK_SEND_WINBACK_1);
        assertThat(runtimeService.getVariable(retention.getId(), Engagement.SEGMENT.name())).isEqualTo("at_risk");
        assertThat(runtimeService.getVariable(retention.getId(), Engagement.PREVIOUS_SEGMENT.name()))
                .isEqualTo("none");
        assertThat(runtimeService.getVariable(retention.getId(), Engagement.ORDERS.name())).isEqualTo(1L);
        assertThat(runtimeService.getVariable(retention.getId(), ScenarioVariables.VALUE_TIER.name())).isEqualTo("gold");
        assertThat(retentions(buyer)).singleElement().satisfies(instance ->
                assertThat(instance.getEndActivityId()).isEqualTo(Retention.END_NOT_ELIGIBLE));

        clock.set(RUN_AT.plus(5, ChronoUnit.HOURS));
        runEngagementTimer();

        assertThat(retentions(fading)).as("the same day: nothing new").hasSize(1);
        assertThat(retentions(buyer)).hasSize(1);
        assertThat(timelineCount(fading, EventType.ENGAGEMENT_CHANGED)).isEqualTo(1);
        assertThat(timelineCount(buyer, EventType.ENGAGEMENT_CHANGED)).isEqualTo(1);
    }

    @Test
    void theWinBackEmailGoesOutAndAClickOnItEndsRetention() throws Exception {
        String paul = contact("""
                {"email": "paul@example.com", "firstName": "Paul", "locale": "en-GB",
                 "consents": {"email": {"granted": true}}}""");
        event(paul, "EmailOpened", 45);
        runEngagementTimer();
        ProcessInstance retention = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(Retention.PROCESS_KEY).processInstanceBusinessKey(paul).singleResult();

        sendAtTheSlot(retention.getId(), Retention.TASK_SEND_WINBACK_1);

        List<MimeMessage> received = mailsTo("paul@example.com");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getAllRecipients()).extracting(Object::toString)
                .containsExactly("paul@example.com");
        assertThat(received.get(0).getSubject()).isEqualTo("Paul, we miss you");
        assertThat(received.get(0).getHeader("List-Unsubscribe")).isNotEmpty();
        String html = TestSmtp.part(received.get(0), "text/html");
        assertThat(html).contains("Hello <span>Paul</span>");
        assertThat(runtimeService.getActiveActivityIds(retention.getId()))
                .containsExactly(Retention.TIMER_BEFORE_SECOND_WINBACK);

        Matcher click = Pattern.compile("https://relance.example(/t/c/[^\"]+)").matcher(html);
        assertThat(click.find()).isTrue();
        assertThat(ApiClient.anonymous(port).get(click.group(1)).status()).isEqualTo(302);

        HistoricProcessInstance ended = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(retention.getId()).singleResult();
        assertThat(ended.getEndTime()).as("the click ended retention").isNotNull();
        assertThat(ended.getEndActivityId()).isEqualTo(Retention.END_REENGAGED_CLICKED);
        assertThat(mailsTo("paul@example.com")).as("no second win-back").hasSize(1);
    }

    @Test
    void nurturingAsksAnEngagedBuyerForTheirOpinionAWeekAfterDeliveryButNotAfterAReturn() throws Exception {
        String lea = contact("""
                {"email": "lea@example.com", "firstName": "Léa", "locale": "fr",
                 "consents": {"email": {"granted": true}}}""");
        event(lea, "OrderPlaced", 3);
        runEngagementTimer();

        ApiClient.Response returned = api.post("/api/events", """
                {"eventId": "%s", "type": "OrderDelivered", "contactId": "%s", "occurredAt": "%s",
                 "data": {"orderId": "A-1", "returned": true}}""".formatted("e-" + UUID.randomUUID(), lea, RUN_AT));
        assertThat(returned.status()).as(returned.body()).isEqualTo(202);
        String notEligible = returned.json().path("startedInstances").get(0).asText();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(notEligible)
                .singleResult().getEndActivityId()).isEqualTo(io.relance.scenario.Nurturing.END_NOT_ELIGIBLE);

        ApiClient.Response delivered = api.post("/api/events", """
                {"eventId": "%s", "type": "OrderDelivered", "contactId": "%s", "occurredAt": "%s",
                 "data": {"orderId": "A-2", "satisfaction": 5}}""".formatted("e-" + UUID.randomUUID(), lea, RUN_AT));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(202);
        String nurturing = delivered.json().path("startedInstances").get(0).asText();
        assertThat(runtimeService.getActiveActivityIds(nurturing))
                .containsExactly(io.relance.scenario.Nurturing.TIMER_ONE_WEEK);

        Waits.runTimer(engine, nurturing);
        sendAtTheSlot(nurturing, io.relance.scenario.Nurturing.TASK_SEND_OPINION);

        List<MimeMessage> received = mailsTo("lea@example.com");
        assertThat(received).as("one opinion request: none for the returned order").hasSize(1);
        assertThat(received.get(0).getAllRecipients()).extracting(Object::toString)
                .containsExactly("lea@example.com");
        assertThat(TestSmtp.part(received.get(0), "text/html")).contains("Léa");
        assertThat(runtimeService.getActiveActivityIds(nurturing))
                .containsExactly(io.relance.scenario.Nurturing.TIMER_TWO_WEEKS);
    }
}
