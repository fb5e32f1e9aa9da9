package io.relance.scenario;

import io.relance.channel.SendStatus;
import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The abandoned-cart scenario on the real engine, without Spring: settings from DMN, the three reminders at their
 * due dates, and every exit (order placed at each waiting point, emptied cart, refused email, nothing to remind).
 * The first reminder is an experiment ({@code cart-first-reminder}): the split test answers the reference arm of
 * dmn/experiments.dmn (45 minutes, the reminder as before the experiment) unless a test pins the 3-hour arm or the
 * holdout. BPMN coverage of the class is measured and must reach 90 %.
 */
class AbandonedCartProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE)
            .assertClassCoverageAtLeast(0.9)
            .build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/abandoned-cart.bpmn",
            "dmn/abandoned-cart-settings.dmn", "dmn/experiments.dmn");

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final String CONTACT = "marie";
    private static final String LINES = """
            [{"name": "Chaussures de trail", "quantity": 1, "price": 89.90}]""";

    /** What the scenario asked the email channel for: "messageType/category". */
    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    /** The offer code each send saw. */
    private List<Object> offerCodes() {
        return scenario.sends().asked().stream().map(send -> send.variable(AbandonedCart.OFFER_CODE.name()))
                .toList();
    }

    @BeforeEach
    void startTheClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    private static VariableMap cart(Object amount, String lines) {
        return Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), CONTACT)
                .putValue(AbandonedCart.AMOUNT.name(), amount)
                .putValue(AbandonedCart.CART_URL.name(), "https://shop.example.com/cart/42")
                .putValueTyped(AbandonedCart.LINES, SpinValues.jsonValue(lines).create());
    }

    private ProcessInstance abandon(Object amount) {
        return scenario.start(AbandonedCart.MESSAGE_START, CONTACT, cart(amount, LINES));
    }

    private static void cartUpdated(Object amount, String lines) {
        runtimeService().createMessageCorrelation(EventType.CART_UPDATED)
                .processInstanceBusinessKey(CONTACT).setVariables(cart(amount, lines)).correlateAll();
    }

    private static void orderPlaced() {
        runtimeService().createMessageCorrelation(EventType.ORDER_PLACED)
                .processInstanceBusinessKey(CONTACT)
                .setVariables(Variables.createVariables().putValue("orderId", "o-1").putValue("amount", 89.9))
                .correlateAll();
    }

    private static Job job(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    /** Fires the pending timer at its due date (time travel), after checking it is due {@code delay} from now. */
    private static void fireTimer(ProcessInstance instance, String timerId, Duration delay) {
        assertThat(instance).isWaitingAt(timerId);
        Job timer = job(instance);
        Instant due = ClockUtil.getCurrentTime().toInstant().plus(delay);
        assertThat(timer).hasDueDate(Date.from(due));
        ClockUtil.setCurrentTime(Date.from(due));
        execute(timer);
    }

    private void runSend(ProcessInstance instance, String taskId) {
        assertThat(instance).isWaitingAt(taskId);
        scenario.sends().run(job(instance));
    }

    /** The six waiting points of a three-reminder series, in order. */
    private void advance(ProcessInstance instance, int steps) {
        Runnable[] path = {
            () -> fireTimer(instance, AbandonedCart.TIMER_FIRST_REMINDER_DELAY, Duration.ofMinutes(45)),
            () -> runSend(instance, AbandonedCart.TASK_SEND_REMINDER_1),
            () -> fireTimer(instance, AbandonedCart.TIMER_SECOND_REMINDER_DELAY, Duration.ofDays(1)),
            () -> runSend(instance, AbandonedCart.TASK_SEND_REMINDER_2),
            () -> fireTimer(instance, AbandonedCart.TIMER_THIRD_REMINDER_DELAY, Duration.ofDays(2)),
            () -> runSend(instance, AbandonedCart.TASK_SEND_REMINDER_3),
        };
        for (int i = 0; i < steps; i++) {
            path[i].run();
        }
    }

    @ParameterizedTest(name = "amount {0}: {1} reminder(s), offer {2}")
    @CsvSource(nullValues = "null", value = {"15, 1, null, null", "30, 2, null, null", "89.9, 3, null, null",
            "150, 3, PANIER10, 10", "420, 3, PANIER10, 10"})
    void decidesTheSettingsFromTheAmountAsPlainVariables(double amount, int reminders, String offerCode,
                                                         Integer offerPercent) {
        ProcessInstance instance = abandon(amount);

        assertThat(instance).hasPassed(AbandonedCart.TASK_DECIDE_SETTINGS)
                .isWaitingAt(AbandonedCart.TIMER_FIRST_REMINDER_DELAY);
        assertThat(instance).variables()
                .containsEntry(AbandonedCart.FIRST_REMINDER_DELAY.name(), "PT45M")
                .containsEntry(AbandonedCart.SECOND_REMINDER_DELAY.name(), "P1D")
                .containsEntry(AbandonedCart.THIRD_REMINDER_DELAY.name(), "P2D")
                .containsEntry(AbandonedCart.MAX_REMINDERS.name(), reminders)
                .containsEntry(AbandonedCart.OFFER_CODE.name(), offerCode)
                .containsEntry(AbandonedCart.OFFER_PERCENT.name(), offerPercent)
                .doesNotContainKey("decisionResult");
        // Only plain values and Spin JSON in the instance: no Map or other serialized Java object.
        List<VariableInstance> variables = runtimeService().createVariableInstanceQuery()
                .processInstanceIdIn(instance.getId()).list();
        assertThat(variables).extracting(VariableInstance::getTypeName)
                .allMatch(type -> List.of("string", "integer", "long", "double", "null", "json").contains(type),
                        "plain types only");
    }

    @Test
    void anAmountUnknownGetsThreeRemindersWithoutOffer() {
        ProcessInstance instance = scenario.start(AbandonedCart.MESSAGE_START, CONTACT,
                Variables.createVariables().putValue(ScenarioVariables.CONTACT_ID.name(), CONTACT));

        assertThat(instance).isWaitingAt(AbandonedCart.TIMER_FIRST_REMINDER_DELAY).variables()
                .containsEntry(AbandonedCart.MAX_REMINDERS.name(), 3)
                .containsEntry(AbandonedCart.OFFER_CODE.name(), null);
    }

    @ParameterizedTest(name = "amount {0}")
    @ValueSource(doubles = {0, -12.5})
    void anEmptyCartIsNotReminded(double amount) {
        ProcessInstance instance = abandon(amount);

        assertThat(instance).hasPassed(AbandonedCart.END_NOT_ELIGIBLE)
                .hasNotPassed(AbandonedCart.SUB_REMINDERS).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void sendsThreeRemindersAtTheirDueDatesThenEnds() {
        ProcessInstance instance = abandon(89.9);

        fireTimer(instance, AbandonedCart.TIMER_FIRST_REMINDER_DELAY, Duration.ofMinutes(45));
        assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(45)));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_1);
        assertThat(sent()).containsExactly("cart-reminder-1/commercial");
        fireTimer(instance, AbandonedCart.TIMER_SECOND_REMINDER_DELAY, Duration.ofDays(1));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_2);
        fireTimer(instance, AbandonedCart.TIMER_THIRD_REMINDER_DELAY, Duration.ofDays(2));
        assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(45))
                .plus(Duration.ofDays(3)));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_3);

        assertThat(sent()).containsExactly("cart-reminder-1/commercial", "cart-reminder-2/commercial",
                "cart-reminder-3/commercial");
        assertThat(offerCodes()).containsOnlyNulls();
        assertThat(instance).hasPassed(AbandonedCart.END_REMINDERS_SENT, AbandonedCart.END_REMINDERS_DONE)
                .hasNotPassed(AbandonedCart.END_CONVERTED).isEnded();
    }

    @Test
    void aLargeCartGetsTheOfferCodeInTheThirdReminder() {
        ProcessInstance instance = abandon(180);

        advance(instance, 6);

        assertThat(sent()).hasSize(3);
        assertThat(offerCodes()).containsOnly("PANIER10");
        assertThat(instance).hasPassed(AbandonedCart.END_REMINDERS_DONE).isEnded();
    }

    @ParameterizedTest(name = "amount {0}: {1} reminder(s)")
    @CsvSource({"15, 1", "30, 2"})
    void aSmallerCartGetsFewerReminders(double amount, int reminders) {
        ProcessInstance instance = abandon(amount);

        advance(instance, 2 * reminders);

        assertThat(sent()).hasSize(reminders);
        assertThat(instance).hasPassed(AbandonedCart.END_REMINDERS_SENT, AbandonedCart.END_REMINDERS_DONE)
                .hasNotPassed(reminders == 1 ? AbandonedCart.TIMER_SECOND_REMINDER_DELAY
                        : AbandonedCart.TIMER_THIRD_REMINDER_DELAY)
                .isEnded();
    }

    @ParameterizedTest(name = "order after {0} step(s)")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void anOrderAtAnyWaitingPointEndsTheScenarioAsConverted(int steps) {
        ProcessInstance instance = abandon(89.9);
        advance(instance, steps);
        int sentBefore = sent().size();
        assertThat(sentBefore).isEqualTo(steps / 2);

        orderPlaced();

        assertThat(instance).hasPassed(AbandonedCart.BOUNDARY_ORDER_PLACED, AbandonedCart.END_CONVERTED)
                .hasNotPassed(AbandonedCart.END_REMINDERS_DONE).isEnded();
        assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count())
                .as("no reminder left to send").isZero();
        assertThat(sent()).hasSize(sentBefore);
    }

    @ParameterizedTest(name = "after {0} step(s), cart {1} / {2}")
    @CsvSource(delimiter = '|', value = {"0|0|[]", "1|0|[{\"name\": \"x\", \"quantity\": 1, \"price\": 9}]",
            "2|89.9|[]", "3|0.0|[]", "4|0|[]"})
    void anEmptiedCartEndsTheScenario(int steps, double amount, String lines) {
        ProcessInstance instance = abandon(89.9);
        advance(instance, steps);
        int sentBefore = sent().size();

        cartUpdated(amount, lines);

        assertThat(instance).hasPassed(AbandonedCart.END_THROW_CART_EMPTIED, AbandonedCart.BOUNDARY_CART_EMPTIED,
                AbandonedCart.END_CART_EMPTIED).hasNotPassed(AbandonedCart.END_CONVERTED).isEnded();
        assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count()).isZero();
        assertThat(sent()).hasSize(sentBefore);
    }

    @Test
    void aCartStillFullKeepsTheRemindersOnScheduleWithTheNewLines() {
        ProcessInstance instance = abandon(89.9);
        Date firstDue = job(instance).getDuedate();
        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofMinutes(10))));

        cartUpdated(129.8, """
                [{"name": "Chaussures de trail", "quantity": 1, "price": 89.90},
                 {"name": "Gourde souple", "quantity": 2, "price": 19.95}]""");

        assertThat(instance).hasPassed(AbandonedCart.END_CART_STILL_FULL)
                .isWaitingAt(AbandonedCart.TIMER_FIRST_REMINDER_DELAY);
        assertThat(job(instance).getDuedate()).as("the delay is not restarted").isEqualTo(firstDue);
        assertThat(instance).variables().containsEntry(AbandonedCart.AMOUNT.name(), 129.8);

        ClockUtil.setCurrentTime(firstDue);
        execute(job(instance));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_1);
        assertThat(sent()).containsExactly("cart-reminder-1/commercial");
        assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableName(AbandonedCart.LINES).singleResult().getValue().toString()).contains("Gourde souple");
        assertThat(instance).isWaitingAt(AbandonedCart.TIMER_SECOND_REMINDER_DELAY);
    }

    @Test
    void aSuppressedReminderDoesNotStopTheSeries() {
        // No consent, a pressure cap or arbitration: each reminder is checked again when it is due.
        scenario.sends().answer(SendStatus.SUPPRESSED);
        ProcessInstance instance = abandon(89.9);

        advance(instance, 2);
        assertThat(instance).variables().containsEntry("sendStatus", "suppressed");
        assertThat(instance).isWaitingAt(AbandonedCart.TIMER_SECOND_REMINDER_DELAY);
        scenario.sends().answer(SendStatus.SENT);
        fireTimer(instance, AbandonedCart.TIMER_SECOND_REMINDER_DELAY, Duration.ofDays(1));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_2);
        fireTimer(instance, AbandonedCart.TIMER_THIRD_REMINDER_DELAY, Duration.ofDays(2));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_3);

        assertThat(sent()).hasSize(3);
        assertThat(instance).variables().containsEntry("sendStatus", "sent");
        assertThat(instance).hasPassed(AbandonedCart.END_REMINDERS_DONE).isEnded();
    }

    @Test
    void aRefusedEmailEndsTheScenario() {
        ProcessInstance instance = abandon(89.9);
        advance(instance, 2);
        scenario.sends().answer(SendStatus.FAILED);

        fireTimer(instance, AbandonedCart.TIMER_SECOND_REMINDER_DELAY, Duration.ofDays(1));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_2);

        assertThat(instance).hasPassed(AbandonedCart.BOUNDARY_SEND_FAILED, AbandonedCart.END_SEND_FAILED)
                .hasNotPassed(AbandonedCart.TIMER_THIRD_REMINDER_DELAY).isEnded();
        assertThat(sent()).hasSize(2);
    }

    @Test
    void aNewAbandonedCartReplacesTheRunningSeries() {
        ProcessInstance first = abandon(89.9);
        advance(first, 2);

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(3))));
        // As the event intake delivers it: to the running series, and to the scenario starting on it.
        List<ProcessInstance> started = scenario.event(AbandonedCart.MESSAGE_START, CONTACT, cart(180, LINES));

        assertThat(first).hasPassed(AbandonedCart.BOUNDARY_CART_ABANDONED_AGAIN, AbandonedCart.END_SUPERSEDED)
                .isEnded();
        assertThat(started).hasSize(1);
        ProcessInstance second = started.get(0);
        assertThat(second).isWaitingAt(AbandonedCart.TIMER_FIRST_REMINDER_DELAY).variables()
                .containsEntry(AbandonedCart.OFFER_CODE.name(), "PANIER10");
        assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(AbandonedCart.PROCESS_KEY)
                .processInstanceBusinessKey(CONTACT).count()).as("one series at a time").isEqualTo(1);
        fireTimer(second, AbandonedCart.TIMER_FIRST_REMINDER_DELAY, Duration.ofMinutes(45));
    }

    @Test
    void theReferenceArmOfTheExperimentIsTheFirstReminderAsBefore() {
        ProcessInstance instance = abandon(89.9);

        assertThat(scenario.splitTests().asked()).containsExactly(AbandonedCart.EXPERIMENT_FIRST_REMINDER);
        assertThat(scenario.splitTests().referenceArm(AbandonedCart.EXPERIMENT_FIRST_REMINDER))
                .isEqualTo(AbandonedCart.ARM_45_MINUTES);
        assertThat(instance).hasPassed(AbandonedCart.TASK_SPLIT_FIRST_REMINDER)
                .isWaitingAt(AbandonedCart.TIMER_FIRST_REMINDER_DELAY).variables()
                .containsEntry(ScenarioVariables.ARM.name(), AbandonedCart.ARM_45_MINUTES)
                .doesNotContainKey(ScenarioVariables.EXPERIMENT.name());
    }

    @Test
    void theThreeHourArmSendsTheFirstReminderThreeHoursAfterTheAbandonment() {
        scenario.splitTests().answer(AbandonedCart.EXPERIMENT_FIRST_REMINDER, AbandonedCart.ARM_THREE_HOURS);
        ProcessInstance instance = abandon(89.9);

        fireTimer(instance, AbandonedCart.TIMER_FIRST_REMINDER_LATE, Duration.ofHours(3));
        runSend(instance, AbandonedCart.TASK_SEND_REMINDER_1);

        assertThat(sent()).containsExactly("cart-reminder-1/commercial");
        assertThat(instance).hasNotPassed(AbandonedCart.TIMER_FIRST_REMINDER_DELAY)
                .isWaitingAt(AbandonedCart.TIMER_SECOND_REMINDER_DELAY);
        fireTimer(instance, AbandonedCart.TIMER_SECOND_REMINDER_DELAY, Duration.ofDays(1));
        assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(3))
                .plus(Duration.ofDays(1)));
    }

    @Test
    void anOrderDuringTheThreeHourDelayEndsTheScenarioAsConverted() {
        scenario.splitTests().answer(AbandonedCart.EXPERIMENT_FIRST_REMINDER, AbandonedCart.ARM_THREE_HOURS);
        ProcessInstance instance = abandon(89.9);
        assertThat(instance).isWaitingAt(AbandonedCart.TIMER_FIRST_REMINDER_LATE);

        orderPlaced();

        assertThat(instance).hasPassed(AbandonedCart.END_CONVERTED).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void theHoldoutReceivesNothingAndEndsAtTheHoldoutExit() {
        scenario.splitTests().answer(AbandonedCart.EXPERIMENT_FIRST_REMINDER, AbandonedCart.ARM_HOLDOUT);
        ProcessInstance instance = abandon(180);

        assertThat(instance).hasPassed(AbandonedCart.TASK_SPLIT_FIRST_REMINDER, AbandonedCart.END_HOLDOUT,
                AbandonedCart.END_REMINDERS_DONE).hasNotPassed(AbandonedCart.TIMER_FIRST_REMINDER_DELAY,
                AbandonedCart.TIMER_FIRST_REMINDER_LATE).isEnded();
        assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count()).isZero();
        assertThat(sent()).isEmpty();
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityId(AbandonedCart.END_HOLDOUT).count()).isEqualTo(1);
    }
}
