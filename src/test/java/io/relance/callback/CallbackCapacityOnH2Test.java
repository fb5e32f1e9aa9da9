package io.relance.callback;

import io.relance.contact.ContactRequest;
import io.relance.contact.ContactService;
import io.relance.scenario.LeadCallback;
import io.relance.scenario.ScenarioVariables;
import io.relance.support.TestClock;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call-back capacity on a real database (H2, the application's schema from Flyway), with the real
 * {@code message-priority} decision and the real delegate in the lead call-back scenario: a capacity of 5 a day, 2 of
 * them kept for high-priority requests (lead-callback 95; winback-callback 60 stops at 3). The clock is the test's
 * ({@link TestClock}, Monday 23 November 2026, 08:30 in Paris); the job executor is off, the test runs the timers.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-callback-capacity;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "relance.callback.daily-capacity=5",
        "relance.callback.reserved-for-high-priority=2",
        "relance.callback.high-priority-from=90"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class CallbackCapacityOnH2Test {

    static final String LEAD = LeadCallback.MESSAGE_TYPE_LEAD_CALLBACK;
    static final String WINBACK = "winback-callback";
    /** Monday 23 November 2026, 08:30 in Paris. */
    static final Instant MONDAY = Instant.parse("2026-11-23T07:30:00Z");
    static final LocalDate MONDAY_DATE = LocalDate.of(2026, 11, 23);
    /** Tuesday 00:00 in Paris: the start of the next business day. */
    static final Instant TUESDAY_START = Instant.parse("2026-11-23T23:00:00Z");

    @Autowired
    CallbackCapacityService capacity;
    @Autowired
    ContactService contacts;
    @Autowired
    CallbackCounter counter;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    ManagementService managementService;

    @BeforeEach
    void emptyDays() {
        jdbc.update("DELETE FROM callback_capacity");
        clock.set(MONDAY);
        runtimeService.createProcessInstanceQuery().processDefinitionKey(LeadCallback.PROCESS_KEY).list()
                .forEach(instance -> runtimeService.deleteProcessInstance(instance.getId(), "test"));
    }

    /** One reservation in a transaction of its own, as a scenario's job or event would make it. */
    private CallbackCapacityService.Reservation reserve(String messageType) {
        return tx.execute(status -> capacity.reserve(messageType, null));
    }

    private List<CallbackSlot> reserve(String messageType, int times) {
        List<CallbackSlot> slots = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            slots.add(reserve(messageType).slot());
        }
        return slots;
    }

    /** Starts the lead call-back scenario (its deployed start message) for a new lead who may be called. */
    private ProcessInstance whitePaperDownloaded() {
        String contactId = "lead-" + UUID.randomUUID();
        contacts.upsert(contactId, new ContactRequest(null, "+33698765432", "Paul", null, null, null, null,
                new ContactRequest.Consents(null, null, new ContactRequest.ConsentAnswer(true, null)), null));
        return runtimeService.createMessageCorrelation(LeadCallback.MESSAGE_START + "#" + LeadCallback.PROCESS_KEY)
                .processInstanceBusinessKey(contactId)
                .setVariables(Variables.createVariables().putValue(ScenarioVariables.CONTACT_ID.name(), contactId))
                .correlateStartMessage();
    }

    @Test
    void thePriorityComesFromTheMessagePriorityDecision() {
        assertThat(capacity.priority(LEAD, null)).isEqualTo(95);
        assertThat(capacity.priority(WINBACK, "gold")).isEqualTo(60);
    }

    @Test
    void onceTheDailyCapacityIsReachedTheAnswerIsFull() {
        assertThat(reserve(LEAD, 5)).containsOnly(CallbackSlot.GRANTED);

        CallbackCapacityService.Reservation sixth = reserve(LEAD);

        assertThat(sixth.slot()).isEqualTo(CallbackSlot.FULL);
        assertThat(sixth.day()).isEqualTo(MONDAY_DATE);
        assertThat(sixth.priority()).isEqualTo(95);
        assertThat(sixth.limit()).isEqualTo(5);
        assertThat(sixth.retryAt()).isEqualTo(TUESDAY_START);
        assertThat(capacity.usedToday()).isEqualTo(5);
    }

    @Test
    void lowPriorityRequestsLeaveTheReservedSlotsToHighPriorityOnes() {
        assertThat(reserve(WINBACK, 4)).containsExactly(CallbackSlot.GRANTED, CallbackSlot.GRANTED,
                CallbackSlot.GRANTED, CallbackSlot.FULL);
        assertThat(reserve(WINBACK).limit()).isEqualTo(3);

        assertThat(reserve(LEAD, 3)).containsExactly(CallbackSlot.GRANTED, CallbackSlot.GRANTED,
                CallbackSlot.FULL);
        assertThat(capacity.usedToday()).isEqualTo(5);
    }

    @Test
    void theNextDayInParisStartsAfresh() {
        reserve(LEAD, 5);
        clock.set(Instant.parse("2026-11-23T22:59:59Z")); // Monday 23:59:59 in Paris
        assertThat(reserve(LEAD).slot()).isEqualTo(CallbackSlot.FULL);

        clock.set(TUESDAY_START); // already Tuesday in Paris, still Monday in UTC
        CallbackCapacityService.Reservation tuesday = reserve(LEAD);

        assertThat(tuesday.slot()).isEqualTo(CallbackSlot.GRANTED);
        assertThat(tuesday.day()).isEqualTo(MONDAY_DATE.plusDays(1));
        assertThat(counter.used(MONDAY_DATE)).isEqualTo(5);
        assertThat(counter.used(MONDAY_DATE.plusDays(1))).isEqualTo(1);
    }

    @Test
    void aRolledBackTransactionTakesNoSlot() {
        CallbackCapacityService.Reservation rolledBack = tx.execute(status -> {
            CallbackCapacityService.Reservation reservation = capacity.reserve(LEAD, null);
            status.setRollbackOnly();
            return reservation;
        });

        assertThat(rolledBack.slot()).isEqualTo(CallbackSlot.GRANTED);
        assertThat(capacity.usedToday()).isZero();
        // The engine joins the same transaction: a scenario rolled back (e.g. a refused event) gives its slot back.
        String instanceId = tx.execute(status -> {
            String id = whitePaperDownloaded().getId();
            status.setRollbackOnly();
            return id;
        });
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isZero();
        assertThat(capacity.usedToday()).isZero();
        assertThat(reserve(LEAD, 6)).containsExactly(CallbackSlot.GRANTED, CallbackSlot.GRANTED,
                CallbackSlot.GRANTED, CallbackSlot.GRANTED, CallbackSlot.GRANTED, CallbackSlot.FULL);
    }

    @Test
    void sixteenConcurrentRequestsGetExactlyTheCapacity() throws Exception {
        List<CallbackSlot> slots = concurrently(16, () -> tx.execute(status -> {
            CallbackSlot slot = capacity.reserve(LEAD, null).slot();
            sleep(20); // the rest of the scenario's transaction, holding the day's row
            return slot;
        }));

        assertThat(slots).filteredOn(CallbackSlot.GRANTED::equals).hasSize(5);
        assertThat(slots).filteredOn(CallbackSlot.FULL::equals).hasSize(11);
        assertThat(capacity.usedToday()).isEqualTo(5);
    }

    @Test
    void aLeadWithoutASlotWaitsForTheNextBusinessDayThenGetsItsCallBackTask() {
        reserve(LEAD, 5);

        ProcessInstance instance = whitePaperDownloaded();

        assertThat(runtimeService.getActiveActivityIds(instance.getId()))
                .containsExactly(LeadCallback.TIMER_WAIT_FOR_SLOT);
        assertThat(runtimeService.getVariable(instance.getId(), CallbackSlot.RESULT.name())).isEqualTo("full");
        assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
        Job timer = managementService.createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
        assertThat(timer.getDuedate()).isEqualTo(Date.from(TUESDAY_START));

        clock.set(TUESDAY_START);
        managementService.executeJob(timer.getId());

        Task task = taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(task.getTaskDefinitionKey()).isEqualTo(LeadCallback.TASK_CALL_BACK);
        assertThat(task.getDueDate()).isEqualTo(Date.from(TUESDAY_START.plus(Duration.ofDays(1))));
        assertThat(runtimeService.getVariable(instance.getId(), CallbackSlot.RESULT.name())).isEqualTo("granted");
        assertThat(counter.used(MONDAY_DATE.plusDays(1))).isEqualTo(1);
    }

    @Test
    void aLeadWithASlotGetsItsTaskAtOnce() {
        ProcessInstance instance = whitePaperDownloaded();

        assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult()
                .getTaskDefinitionKey()).isEqualTo(LeadCallback.TASK_CALL_BACK);
        assertThat(capacity.usedToday()).isEqualTo(1);
    }

    /** Runs the call on that many threads released at once; the answers in no particular order. */
    static <T> List<T> concurrently(int threads, java.util.concurrent.Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
