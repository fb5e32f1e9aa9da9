package io.relance.scenario;

import com.icegreen.greenmail.util.GreenMail;
import io.relance.pressure.ArbitrationWorker;
import io.relance.support.ApiClient;
import io.relance.support.Arbitrated;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import io.relance.support.Waits;
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

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.relance.scenario.TransactionalEndToEndTest.part;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first purchase scenario end to end: {@code OrderPlaced} with {@code firstOrder} through the REST intake (the
 * transactional scenario confirms the order and calls the first purchase scenario), the thank-you to a real SMTP
 * server (GreenMail), {@code OrderDelivered}, the review delay, the review request; and the {@code OrderDelivered} and
 * {@code OrderReturned} of another order of the contact (ignored) and a return of this order (no review request).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-first-purchase;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class FirstPurchaseEndToEndTest extends SmtpTest {


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

    ApiClient api;

    @BeforeEach
    void setUp() throws Exception {
        api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        clock.set(TUESDAY);
    }

    /** A Tuesday, 10:30 in Paris: past the day's send slot, outside quiet hours. */
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:30:00Z");

    private ApiClient.Response event(String type, String contactId, String data) {
        ApiClient.Response response = api.post("/api/events", """
                {"eventId": "%s", "type": "%s", "contactId": "%s",
                 "occurredAt": "2026-11-23T09:00:00Z", "data": %s}"""
                .formatted("e-" + UUID.randomUUID(), type, contactId, data));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response;
    }

    private Job job(String instanceId, boolean timer) {
        var query = managementService.createJobQuery().processInstanceId(instanceId);
        return (timer ? query.timers() : query.messages()).singleResult();
    }

    @Test
    void firstOrderIsThankedAndAReviewIsRequestedAfterDelivery() throws Exception {
        String contactId = "c-" + UUID.randomUUID();
        assertThat(api.put("/api/contacts/" + contactId, """
                {"email": "amy@example.com", "firstName": "Amy", "locale": "en-GB",
                 "consents": {"email": {"granted": true}}}""").status()).isEqualTo(201);

        event("OrderPlaced", contactId, """
                {"orderId": "A-2001", "amount": 120, "firstOrder": true}""");
        // The transactional scenario confirms the order, then calls the first purchase scenario.
        String orderInstanceId = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(Transactional.PROCESS_KEY).processInstanceBusinessKey(contactId).singleResult()
                .getId();
        managementService.executeJob(job(orderInstanceId, false).getId());
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Your order is confirmed");
        managementService.executeJob(job(orderInstanceId, false).getId());
        String instanceId = runtimeService.createProcessInstanceQuery().processDefinitionKey(FirstPurchase.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult().getId();
        assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly(FirstPurchase.TASK_SEND_THANKS);

        Waits.arbitratedSend(engine, instanceId, FirstPurchase.TASK_SEND_THANKS);
        assertThat(job(instanceId, false)).as("a commercial send waits for its arbitration, without a job").isNull();
        Arbitrated.settle(arbitration);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        MimeMessage thanks = smtp.getReceivedMessages()[1];
        assertThat(thanks.getSubject()).isEqualTo("Thank you for your first order!");
        assertThat(thanks.getHeader("List-Unsubscribe")[0]).as("commercial").startsWith("<https://relance.example/t/u/");
        assertThat(part(thanks, "text/plain")).startsWith("Hello Amy,").contains("(A-2001)");
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .containsExactly(FirstPurchase.GATEWAY_DELIVERED_OR_TIMEOUT);
        Instant now = Instant.now();
        assertThat(job(instanceId, true).getDuedate().toInstant())
                .isBetween(now.plus(Duration.ofDays(30)).minusSeconds(120), now.plus(Duration.ofDays(30)));

        ApiClient.Response delivered = event("OrderDelivered", contactId, """
                {"orderId": "A-2001"}""");
        assertThat(delivered.json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly(FirstPurchase.TIMER_REVIEW_DELAY);
        Job reviewDelay = job(instanceId, true);
        assertThat(reviewDelay.getDuedate().toInstant()).as("P7D after the delivery")
                .isBetween(now.plus(Duration.ofDays(7)).minusSeconds(120),
                        Instant.now().plus(Duration.ofDays(7)).plusSeconds(1));

        managementService.executeJob(reviewDelay.getId());
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .containsExactly(FirstPurchase.TASK_SEND_REVIEW_REQUEST);
        Waits.arbitratedSend(engine, instanceId, FirstPurchase.TASK_SEND_REVIEW_REQUEST);
        assertThat(job(instanceId, false)).as("a commercial send waits for its arbitration, without a job").isNull();
        clock.set(TUESDAY.plus(Duration.ofDays(8)));
        Arbitrated.settle(arbitration);

        assertThat(smtp.getReceivedMessages()).hasSize(3);
        MimeMessage review = smtp.getReceivedMessages()[2];
        assertThat(review.getSubject()).isEqualTo("How was your order?");
        assertThat(review.getHeader("List-Unsubscribe")).isNotNull();
        assertThat(part(review, "text/plain")).contains("https://www.example.com/account/reviews");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult()
                .getEndActivityId()).isEqualTo(FirstPurchase.END_REVIEW_REQUESTED);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(orderInstanceId)
                .singleResult().getEndActivityId()).isEqualTo(Transactional.END_ORDER_CONFIRMATION_SENT);
    }

    /** Places a first order through the intake and runs the sends up to the thank-you; the first purchase instance. */
    private String thankedFirstOrder(String contactId, String orderId) throws Exception {
        assertThat(api.put("/api/contacts/" + contactId, """
                {"email": "ben@example.com", "firstName": "Ben", "locale": "en-GB",
                 "consents": {"email": {"granted": true}}}""").status()).isEqualTo(201);
        event("OrderPlaced", contactId, """
                {"orderId": "%s", "amount": 80, "firstOrder": true}""".formatted(orderId));
        String orderInstanceId = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(Transactional.PROCESS_KEY).processInstanceBusinessKey(contactId).singleResult()
                .getId();
        managementService.executeJob(job(orderInstanceId, false).getId());
        managementService.executeJob(job(orderInstanceId, false).getId());
        String instanceId = runtimeService.createProcessInstanceQuery().processDefinitionKey(FirstPurchase.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult().getId();
        Arbitrated.settle(arbitration);
        assertThat(smtp.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly("Your order is confirmed", "Thank you for your first order!");
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .containsExactly(FirstPurchase.GATEWAY_DELIVERED_OR_TIMEOUT);
        return instanceId;
    }

    private String orderId(String instanceId) {
        return ScenarioVariables.ORDER_ID.from(runtimeService.getVariables(instanceId));
    }

    @Test
    void anotherOrdersEventsAreIgnoredAndAReturnOfThisOrderStopsTheReviewRequest() throws Exception {
        String contactId = "c-" + UUID.randomUUID();
        String instanceId = thankedFirstOrder(contactId, "A-3001");
        java.util.Date deadline = job(instanceId, true).getDuedate();

        // The delivery of another order of the contact reaches the instance, which keeps waiting for its own.
        assertThat(event("OrderDelivered", contactId, """
                {"orderId": "B-3002"}""").json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(runtimeService.getActiveActivityIds(instanceId))
                .containsExactly(FirstPurchase.GATEWAY_DELIVERED_OR_TIMEOUT);
        assertThat(job(instanceId, true).getDuedate()).as("the same delivery deadline").isEqualTo(deadline);
        assertThat(orderId(instanceId)).isEqualTo("A-3001");

        event("OrderDelivered", contactId, """
                {"orderId": "A-3001"}""");
        assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly(FirstPurchase.TIMER_REVIEW_DELAY);
        String reviewDelay = job(instanceId, true).getId();

        // A return of another order: the review delay goes on.
        assertThat(event("OrderReturned", contactId, """
                {"orderId": "B-3002"}""").json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(runtimeService.getActiveActivityIds(instanceId)).containsExactly(FirstPurchase.TIMER_REVIEW_DELAY);
        assertThat(job(instanceId, true).getId()).as("the same review delay").isEqualTo(reviewDelay);
        assertThat(orderId(instanceId)).isEqualTo("A-3001");

        // The return of this order: the scenario ends, no review request.
        assertThat(event("OrderReturned", contactId, """
                {"orderId": "A-3001"}""").json().path("reachedInstances").toString()).contains(instanceId);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult()
                .getEndActivityId()).isEqualTo(FirstPurchase.END_RETURNED);
        assertThat(managementService.createJobQuery().processInstanceId(instanceId).count()).isZero();
        clock.set(TUESDAY.plus(Duration.ofDays(8)));
        Arbitrated.settle(arbitration);
        assertThat(smtp.getReceivedMessages()).extracting(MimeMessage::getSubject).as("no review request")
                .containsExactly("Your order is confirmed", "Thank you for your first order!");
        // The order's transactional instance, which called the scenario, ends as usual.
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(Transactional.PROCESS_KEY)
                .processInstanceBusinessKey(contactId).singleResult().getEndActivityId())
                .isEqualTo(Transactional.END_ORDER_CONFIRMATION_SENT);
    }
}
