package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The first purchase scenario on the real engine, without Spring (started as the transactional scenario's call
 * activity starts it; that call is tested in {@link TransactionalProcessTest}): not a first order, thank-you then delivery and
 * review request after the review delay (default and custom), no delivery within the deadline. Time travels with
 * the engine clock. Flow-node coverage of the class must reach 90%.
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
    }

    private static ProcessInstance orderPlaced(VariableMap data) {
        // As the transactional scenario's call activity starts it: the contact as business key, the event data.
        return runtimeService().startProcessInstanceByKey(FirstPurchase.PROCESS_KEY, "marie",
                data.putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                        .putValue(ScenarioVariables.ORDER_ID.name(), "A-1042"));
    }

    /** A first order whose thank-you went out: the scenario waits for the delivery. */
    private ProcessInstance thankedFirstOrder(VariableMap data) {
        ProcessInstance instance = orderPlaced(data.putValue(FirstPurchase.FIRST_ORDER, true));
        assertThat(instance).hasPassed(FirstPurchase.GATEWAY_FIRST_ORDER)
                .isWaitingAt(FirstPurchase.TASK_SEND_THANKS);
        scenario.sends().run(managementService().createJobQuery().processInstanceId(instance.getId()).messages()
                .singleResult());
        assertThat(sent()).containsExactly("first-purchase-thanks/commercial");
        assertThat(instance).isWaitingAt(FirstPurchase.GATEWAY_DELIVERED_OR_TIMEOUT);
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
                FirstPurchase.END_NOT_DELIVERED, FirstPurchase.EXIT_NOT_DELIVERED));
    }
}
