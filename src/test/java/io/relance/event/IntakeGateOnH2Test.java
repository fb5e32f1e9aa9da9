package io.relance.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event at a time and no waiting ({@code relance.events.max-concurrent=1}, {@code max-wait=PT0S}, whatever the
 * pace of the messages: {@code limit-when=always}), eight senders
 * at once over REST: what finds the intake busy is refused with 503, {@code Retry-After} and a problem document, having
 * changed nothing; the sender sends the same event again and it is taken in, once. Relance's own observations never
 * wait for a turn.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-intake-gate;DB_CLOSE_DELAY=-1",
        "relance.events.max-concurrent=1",
        "relance.events.max-wait=PT0S",
        "relance.events.limit-when=always"})
@ActiveProfiles("apitest")
@DirtiesContext
class IntakeGateOnH2Test {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtime;
    @Autowired
    InboundEventRepository events;
    @Autowired
    MeterRegistry meters;
    @Autowired
    IntakeGate gate;
    @Autowired
    EventIntakeService intake;

    private ApiClient api() {
        return ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    private ApiClient.Response subscribe(String contactId) {
        return api().post("/api/events", """
                {"eventId": "sub-%s", "type": "NewsletterSubscribed", "contactId": "%s", "occurredAt": "%s",
                 "data": {"source": "checkout"}}""".formatted(contactId, contactId, Instant.now()));
    }

    private double busyCounted() {
        return meters.find(IntakeMetrics.RECEIVED).tag("outcome", "busy").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void whatFindsTheIntakeBusyIsRefusedWithRetryAfterAndTakenInOnceWhenSentAgain() throws Exception {
        double busyBefore = busyCounted();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<String> contacts = new ArrayList<>();
        List<ApiClient.Response> refused = new ArrayList<>();
        List<String> toSendAgain = new ArrayList<>();
        try {
            // Rounds of eight at once until some found the intake busy (the first round nearly always does).
            for (int round = 0; round < 20 && refused.isEmpty(); round++) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String id = "gate-" + RUN + "-" + round + "-" + i;
                    ApiClient.Response created = api().put("/api/contacts/" + id, """
                            {"email": "%s@example.com", "firstName": "Lou", "locale": "fr",
                             "consents": {"email": {"granted": true, "at": "2025-01-01T10:00:00Z"}}}"""
                            .formatted(id));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    batch.add(id);
                }
                contacts.addAll(batch);
                List<CompletableFuture<ApiClient.Response>> answers = batch.stream()
                        .map(id -> CompletableFuture.supplyAsync(() -> subscribe(id), senders)).toList();
                for (int i = 0; i < batch.size(); i++) {
                    ApiClient.Response answer = answers.get(i).get();
                    if (answer.status() == 503) {
                        refused.add(answer);
                        toSendAgain.add(batch.get(i));
                    } else {
                        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
                    }
                }
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(refused).as("eight at once, one at a time, no waiting: some found the intake busy").isNotEmpty();
        for (ApiClient.Response busy : refused) {
            assertThat(busy.contentType()).startsWith("application/problem+json");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(busy.json().path("title").asText()).isEqualTo("Busy");
            assertThat(busy.json().path("detail").asText()).contains("retry the same event later");
        }
        for (String id : toSendAgain) {
            assertThat(events.existsById("sub-" + id)).as("a refused event changed nothing").isFalse();
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
        }

        for (String id : toSendAgain) {
            ApiClient.Response again = subscribe(id);
            assertThat(again.status()).as(again.body()).isEqualTo(202);
        }
        for (String id : contacts) {
            assertThat(events.existsById("sub-" + id)).isTrue();
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("welcome")
                    .processInstanceBusinessKey(id).count()).as("one welcome for " + id).isEqualTo(1);
        }
        assertThat(busyCounted() - busyBefore).isEqualTo(refused.size());
        assertThat(meters.get(IntakeGate.WAITING).gauge().value()).isZero();
    }

    @Test
    void whileEveryTurnIsTakenASenderIsRefusedAndRelanceOwnObservationsStillGoThrough() {
        String id = "held-" + RUN;
        ApiClient.Response created = api().put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Lou", "locale": "fr",
                 "consents": {"email": {"granted": true, "at": "2025-01-01T10:00:00Z"}}}""".formatted(id));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        gate.inTurn(() -> {
            ApiClient.Response busy = subscribe(id);
            assertThat(busy.status()).as(busy.body()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            EventIntakeService.Outcome observed = intake.acceptObserved(new EventRequest("observed-" + id,
                    "EmailOpened", id, OffsetDateTime.now(), JsonNodeFactory.instance.objectNode()));
            assertThat(observed.replay()).isFalse();
            return null;
        });

        assertThat(events.existsById("observed-" + id)).isTrue();
        assertThat(events.existsById("sub-" + id)).isFalse();
        assertThat(subscribe(id).status()).as("its turn free again").isEqualTo(202);
    }
}
