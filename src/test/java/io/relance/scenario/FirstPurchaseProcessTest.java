package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The first purchase scenario on the real engine, without Spring (started as the transactional scenario's call
 * activity starts it; that call is tested in {@link TransactionalProcessTest}): not a first order, thank-you then delivery and
 * review request after the review delay (default and custom), no delivery within the deadline, the delivery of another
 * order of the contact (ignored, under the same deadline), a return of this order (no review request) or of another
 * one (ignored, under the same review delay). Time travels with the engine clock. Flow-node coverage of the class must
 * reach 90%.
 */
class FirstPurchaseProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/first-purchase.bpmn");

    private static final Instant ORDERED = Instant.parse("2026-11-23T09:00:00Z");

    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    @BeforeEach
    void startTheClock() {
        ClockUtil.setCurrentTime(Date.from(ORDERED));
        Mocks.register("firstPurchaseDates", new FirstPurchaseDates());
    }

    private static final String ORDER = "A-1042";
    private static final String OTHER_ORDER = "B-2077";

    private static ProcessInstance orderPlaced(VariableMap data) {
        // As the transactional scenario's call activity starts it: the contact as business key, the event data.
        if (!data.containsKey(ScenarioVariables.ORDER_ID.name())) {
            data.putValue(ScenarioVariables.ORDER_ID.name(), ORDER);
        }
        return runtimeService().startProcessInstanceByKey(FirstPurchase.PROCESS_KEY, "marie",
                data.putValue(ScenarioVariables.CONTACT_ID.name(), "marie"));
    }

    /** A first order whose thank-you went out: the scenario waits for the delivery. */
    private ProcessInstance thankedFirstOrder(VariableMap data) {
        ProcessInstance instance = orderPlaced(data.putValue(FirstPurchase.FIRST_ORDER, true));
        assertThat(instance).hasPassed(FirstPurchase.GATEWAY_FIRST_ORDER)
                .isWaitingAt(FirstPurchase.TASK_SEND_THANKS);
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId()).messages()
                .singleResult());
        assertThat(sent()).containsExactly("first-purchase-thanks/commercial");
        assertThat(instance).isWaitingAt(FirstPurchase.GATEWAY_DELIVERED_OR_TIMEOUT)
                .hasPassed(FirstPurchase.GATEWAY_JOIN_DELIVERY_WAIT);
        return instance;
    }

    private static Job timer(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    }

    private static Date at(Instant instant) {
        return Date.from(instant);
    }

    /** Moves the engine clock to the timer's due date and fires it. */
    private static void fire(Job timer) {
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
    }

    private static void delivered(Instant when) {
        ClockUtil.setCurrentTime(at(when));
        runtimeService().createMessageCorrelation(EventType.ORDER_DELIVERED)
                .processInstanceBusinessKey("marie").correlateAllWithResult();
    }

    /** An event of the contact carrying an {@code orderId}, as the event intake correlates it (data as variables). */
    private static void orderEvent(String type, Instant when, String orderId) {
        ClockUtil.setCurrentTime(at(when));
        assertThat(runtimeService().createMessageCorrelation(type).processInstanceBusinessKey("marie")
                .setVariables(Variables.createVariables().putValue(ScenarioVariables.ORDER_ID.name(), orderId))
                .correlateAllWithResult()).as(type + " reaches the waiting instance").hasSize(1);
    }

    /** An event whose {@code orderId} is JSON null: the intake sets the variable to null. */
    private static String orNull(String orderId) {
        return "null".equals(orderId) ? null : orderId;
    }

    private static String orderId(ProcessInstance instance) {
        return ScenarioVariables.ORDER_ID.from(runtimeService().getVariables(instance.getId()));
    }

    /** Delivered (this order) at {@code when}: the scenario waits for the review delay. */
    private ProcessInstance deliveredFirstOrder(Instant when) {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());
        orderEvent(EventType.ORDER_DELIVERED, when, ORDER);
        assertThat(instance).hasPassed(FirstPurchase.GATEWAY_THIS_ORDER_DELIVERED)
                .isWaitingAt(FirstPurchase.TIMER_REVIEW_DELAY);
        return instance;
    }

    /** Fires the review delay and completes the review request's send. */
    private void reviewRequested(ProcessInstance instance) {
        fire(timer(instance));
        assertThat(instance).isWaitingAt(FirstPurchase.TASK_SEND_REVIEW_REQUEST);
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId()).messages()
                .singleResult());
        assertThat(instance).hasPassed(FirstPurchase.END_REVIEW_REQUESTED).isEnded();
    }

    @Test
    void notAFirstOrderEndsAtOnceWithoutSending() {
        ProcessInstance instance = orderPlaced(Variables.createVariables().putValue(FirstPurchase.FIRST_ORDER, false));

        assertThat(instance).hasPassed(FirstPurchase.GATEWAY_FIRST_ORDER, FirstPurchase.END_NOT_ELIGIBLE)
                .hasNotPassed(FirstPurchase.TASK_SEND_THANKS).isEnded();
        assertThat(sent()).isEmpty();
    }

    @ParameterizedTest(name = "firstOrder missing or \"{0}\": not eligible")
    @ValueSource(strings = {"", "false", "no"})
    void withoutFirstOrderTrueTheContactIsNotEligible(String value) {
        VariableMap data = Variables.createVariables();
        if (!value.isEmpty()) {
            data.putValue(FirstPurchase.FIRST_ORDER, value);
        }
        ProcessInstance instance = orderPlaced(data);

        assertThat(instance).hasPassed(FirstPurchase.END_NOT_ELIGIBLE).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void firstOrderIsThankedThenAReviewIsRequestedSevenDaysAfterDelivery() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());
        assertThat(timer(instance)).as("the delivery deadline")
                .hasDueDate(at(ORDERED.plus(Duration.ofDays(30))));

        Instant deliveredAt = ORDERED.plus(Duration.ofDays(3));
        delivered(deliveredAt);

        assertThat(instance).hasPassed(FirstPurchase.EVENT_ORDER_DELIVERED)
                .hasNotPassed(FirstPurchase.TIMER_DELIVERY_TIMEOUT)
                .isWaitingAt(FirstPurchase.TIMER_REVIEW_DELAY);
        assertThat(timer(instance)).as("default review delay P7D after the delivery")
                .hasDueDate(at(deliveredAt.plus(Duration.ofDays(7))));
        assertThat(sent()).as("nothing more before the delay").hasSize(1);

        fire(timer(instance));
        assertThat(instance).isWaitingAt(FirstPurchase.TASK_SEND_REVIEW_REQUEST);
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId()).messages()
                .singleResult());

        assertThat(sent()).containsExactly("first-purchase-thanks/commercial", "review-request/commercial");
        assertThat(instance).hasPassed(FirstPurchase.TASK_SEND_REVIEW_REQUEST, FirstPurchase.END_REVIEW_REQUESTED)
                .hasNotPassed(FirstPurchase.END_NOT_DELIVERED).isEnded();
    }

    @Test
    void reviewDelayAndDeliveryDeadlineComeFromVariablesWhenSet() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables()
                .putValue(FirstPurchase.REVIEW_DELAY.name(), "P3D")
                .putValue(FirstPurchase.DELIVERY_TIMEOUT.name(), "P10D"));
        assertThat(timer(instance)).hasDueDate(at(ORDERED.plus(Duration.ofDays(10))));

        Instant deliveredAt = ORDERED.plus(Duration.ofDays(1));
        delivered(deliveredAt);

        assertThat(timer(instance)).hasDueDate(at(deliveredAt.plus(Duration.ofDays(3))));
    }

    @Test
    void noDeliveryWithinThirtyDaysEndsWithoutReviewRequest() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());

        fire(timer(instance));

        assertThat(instance).hasPassed(FirstPurchase.TIMER_DELIVERY_TIMEOUT, FirstPurchase.END_NOT_DELIVERED)
                .hasNotPassed(FirstPurchase.EVENT_ORDER_DELIVERED, FirstPurchase.TASK_SEND_REVIEW_REQUEST).isEnded();
        assertThat(sent()).containsExactly("first-purchase-thanks/commercial");

        // A late delivery reaches no instance of this scenario any more.
        assertThat(runtimeService().createMessageCorrelation(EventType.ORDER_DELIVERED)
                .processInstanceBusinessKey("marie").correlateAllWithResult()).isEmpty();
    }

    @Test
    void theOrderIsKeptApartAtTheStart() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());

        assertThat(FirstPurchase.FIRST_PURCHASE_ORDER_ID.from(runtimeService().getVariables(instance.getId())))
                .isEqualTo(ORDER);
    }

    @Test
    void aDeliveryOfAnotherOrderDoesNotCountAndKeepsTheDeadline() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());
        assertThat(timer(instance)).hasDueDate(at(ORDERED.plus(Duration.ofDays(30))));

        orderEvent(EventType.ORDER_DELIVERED, ORDERED.plus(Duration.ofDays(2)), OTHER_ORDER);

        assertThat(instance).hasPassed(FirstPurchase.EVENT_ORDER_DELIVERED, FirstPurchase.GATEWAY_THIS_ORDER_DELIVERED)
                .hasNotPassed(FirstPurchase.SUBPROCESS_REVIEW_DELAY, FirstPurchase.TIMER_REVIEW_DELAY)
                .isWaitingAt(FirstPurchase.GATEWAY_DELIVERED_OR_TIMEOUT);
        assertThat(timer(instance)).as("the same deadline, not restarted two days later")
                .hasDueDate(at(ORDERED.plus(Duration.ofDays(30))));
        assertThat(orderId(instance)).as("the order put back").isEqualTo(ORDER);

        Instant deliveredAt = ORDERED.plus(Duration.ofDays(5));
        orderEvent(EventType.ORDER_DELIVERED, deliveredAt, ORDER);

        assertThat(instance).hasNotPassed(FirstPurchase.TIMER_DELIVERY_TIMEOUT)
                .isWaitingAt(FirstPurchase.TIMER_REVIEW_DELAY);
        assertThat(timer(instance)).hasDueDate(at(deliveredAt.plus(Duration.ofDays(7))));
        reviewRequested(instance);
        assertThat(sent()).containsExactly("first-purchase-thanks/commercial", "review-request/commercial");
        assertThat(scenario.sends().asked().get(1).variable(ScenarioVariables.ORDER_ID.name())).isEqualTo(ORDER);
    }

    @Test
    void onlyDeliveriesOfOtherOrdersEndAtTheFirstDeadline() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());
        orderEvent(EventType.ORDER_DELIVERED, ORDERED.plus(Duration.ofDays(2)), OTHER_ORDER);
        orderEvent(EventType.ORDER_DELIVERED, ORDERED.plus(Duration.ofDays(20)), "C-3001");

        Job deadline = timer(instance);
        assertThat(deadline).hasDueDate(at(ORDERED.plus(Duration.ofDays(30))));
        fire(deadline);

        assertThat(instance).hasPassed(FirstPurchase.TIMER_DELIVERY_TIMEOUT, FirstPurchase.END_NOT_DELIVERED)
                .hasNotPassed(FirstPurchase.SUBPROCESS_REVIEW_DELAY, FirstPurchase.TASK_SEND_REVIEW_REQUEST).isEnded();
        assertThat(sent()).containsExactly("first-purchase-thanks/commercial");
    }

    @ParameterizedTest(name = "delivery with orderId {0}: this order")
    @ValueSource(strings = {ORDER, "null"})
    void aDeliveryOfThisOrderOrWithoutOrderIdCounts(String orderId) {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables());

        orderEvent(EventType.ORDER_DELIVERED, ORDERED.plus(Duration.ofDays(3)), orNull(orderId));

        assertThat(instance).hasPassed(FirstPurchase.GATEWAY_THIS_ORDER_DELIVERED)
                .isWaitingAt(FirstPurchase.TIMER_REVIEW_DELAY);
    }

    @Test
    void withoutAnOrderIdAtTheStartAnyDeliveryCounts() {
        ProcessInstance instance = thankedFirstOrder(Variables.createVariables()
                .putValue(ScenarioVariables.ORDER_ID.name(), null));

        orderEvent(EventType.ORDER_DELIVERED, ORDERED.plus(Duration.ofDays(3)), OTHER_ORDER);

        assertThat(instance).hasPassed(FirstPurchase.GATEWAY_THIS_ORDER_DELIVERED)
                .isWaitingAt(FirstPurchase.TIMER_REVIEW_DELAY);
    }

    @ParameterizedTest(name = "return with orderId {0}: no review request")
    @ValueSource(strings = {ORDER, "null"})
    void aReturnOfThisOrderEndsWithoutReviewRequest(String orderId) {
        Instant deliveredAt = ORDERED.plus(Duration.ofDays(3));
        ProcessInstance instance = deliveredFirstOrder(deliveredAt);

        orderEvent(EventType.ORDER_RETURNED, deliveredAt.plus(Duration.ofDays(2)), orNull(orderId));

        assertThat(instance).hasPassed(FirstPurchase.EVENT_ORDER_RETURNED, FirstPurchase.GATEWAY_THIS_ORDER_RETURNED,
                        FirstPurchase.END_RETURNED)
                .hasNotPassed(FirstPurchase.END_ANOTHER_ORDER_RETURNED, FirstPurchase.TASK_SEND_REVIEW_REQUEST,
                        FirstPurchase.END_REVIEW_REQUESTED).isEnded();
        assertThat(historyService().createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityId(FirstPurchase.TIMER_REVIEW_DELAY).singleResult().isCanceled())
                .as("the review delay was cancelled, not elapsed").isTrue();
        assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).count())
                .as("the review delay is gone").isZero();
        assertThat(historyService().createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
                .singleResult().getEndActivityId()).isEqualTo(FirstPurchase.END_RETURNED);
        assertThat(sent()).containsExactly("first-purchase-thanks/commercial");
    }

    @Test
    void aReturnOfAnotherOrderKeepsTheReviewDelay() {
        Instant deliveredAt = ORDERED.plus(Duration.ofDays(3));
        ProcessInstance instance = deliveredFirstOrder(deliveredAt);
        Job reviewDelay = timer(instance);
        assertThat(reviewDelay).hasDueDate(at(deliveredAt.plus(Duration.ofDays(7))));

        orderEvent(EventType.ORDER_RETURNED, deliveredAt.plus(Duration.ofDays(1)), OTHER_ORDER);
        orderEvent(EventType.ORDER_RETURNED, deliveredAt.plus(Duration.ofDays(2)), "C-3001");

        assertThat(instance).hasPassed(FirstPurchase.EVENT_ORDER_RETURNED, FirstPurchase.GATEWAY_THIS_ORDER_RETURNED,
                        FirstPurchase.END_ANOTHER_ORDER_RETURNED)
                .hasNotPassed(FirstPurchase.END_RETURNED).isWaitingAt(FirstPurchase.TIMER_REVIEW_DELAY);
        assertThat(timer(instance).getId()).as("the same review delay, not restarted").isEqualTo(reviewDelay.getId());
        assertThat(timer(instance)).hasDueDate(at(deliveredAt.plus(Duration.ofDays(7))));
        assertThat(orderId(instance)).as("the order put back").isEqualTo(ORDER);

        reviewRequested(instance);

        assertThat(sent()).containsExactly("first-purchase-thanks/commercial", "review-request/commercial");
        assertThat(scenario.sends().asked().get(1).variable(ScenarioVariables.ORDER_ID.name())).isEqualTo(ORDER);
        assertThat(instance).hasNotPassed(FirstPurchase.END_RETURNED);
    }

    @Test
    void deliberateExitsAreMarked() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("bpmn/first-purchase.bpmn"));
        Map<String, String> exits = new TreeMap<>();
        for (EndEvent end : model.getModelElementsByType(EndEvent.class)) {
            if (end.getExtensionElements() == null) {
                continue;
            }
            for (CamundaProperties properties : end.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaProperties.class).list()) {
                for (CamundaProperty property : properties.getCamundaProperties()) {
                    if ("exit".equals(property.getCamundaName())) {
                        exits.put(end.getId(), property.getCamundaValue());
                    }
                }
            }
        }
        assertThat(exits).containsExactlyInAnyOrderEntriesOf(Map.of(
                FirstPurchase.END_NOT_ELIGIBLE, FirstPurchase.EXIT_NOT_ELIGIBLE,
                FirstPurchase.END_NOT_DELIVERED, FirstPurchase.EXIT_NOT_DELIVERED,
                FirstPurchase.END_RETURNED, FirstPurchase.EXIT_RETURNED,
                // The end of a branch, not of the scenario: marked so that the deploy-time check accepts it
                FirstPurchase.END_ANOTHER_ORDER_RETURNED, FirstPurchase.EXIT_COMPLETED));
    }
}
