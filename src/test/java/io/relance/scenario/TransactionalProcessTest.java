package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import io.relance.event.EventCatalog;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The transactional scenario on the real engine, without Spring: every event type starts its own path, which sends
 * its message as {@code transactional} and ends; an order also runs the first purchase scenario (call activity).
 * Flow-node coverage of the class must reach 90%.
 */
class TransactionalProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9)
            // Called by the order path; covered by FirstPurchaseProcessTest.
            .excludeProcessDefinitionKeys(FirstPurchase.PROCESS_KEY).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/transactional.bpmn",
            "bpmn/first-purchase.bpmn");

    /** The email channel is tested elsewhere; here only that the scenario asks for the right message. */
    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    @ParameterizedTest(name = "{0} sends {3}")
    @CsvSource({
            "OrderPlaced,            StartEvent_OrderPlaced,            Task_SendOrderConfirmation,   order-confirmation,   EndEvent_OrderConfirmationSent",
            "BookingConfirmed,       StartEvent_BookingConfirmed,       Task_SendBookingConfirmation, booking-confirmation, EndEvent_BookingConfirmationSent",
            "BookingCancelled,       StartEvent_BookingCancelled,       Task_SendBookingCancellation, booking-cancellation, EndEvent_BookingCancellationSent",
            "RefundIssued,           StartEvent_RefundIssued,           Task_SendRefundConfirmation,  refund,               EndEvent_RefundConfirmationSent",
            "PasswordResetRequested, StartEvent_PasswordResetRequested, Task_SendPasswordReset,       password-reset,       EndEvent_PasswordResetSent"})
    void eachEventSendsItsMessageAtOnceAsTransactional(String message, String startEvent, String task,
                                                       String messageType, String endEvent) {
        ProcessInstance instance = scenario.start(message, "marie", Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue("orderId", "A-1042"));

        assertThat(instance).hasPassed(startEvent).isWaitingAt(task);
        assertThat(job()).as("sent by a job of its own, retried if the provider is down").isNotNull();
        assertThat(job().getDuedate()).as("no delay: due at once").isNull();
        scenario.sends().run(job());

        assertThat(sent()).containsExactly(messageType + "/" + Transactional.CATEGORY);
        if (message.equals(EventType.ORDER_PLACED)) {
            // Not a first order: the first purchase scenario it calls ends at once.
            assertThat(instance).isWaitingAt(Transactional.CALL_FIRST_PURCHASE);
            execute(job());
            assertThat(instance).hasPassed(Transactional.CALL_FIRST_PURCHASE);
            assertThat(sent()).hasSize(1);
        }
        assertThat(instance).hasPassed(task, endEvent).isEnded();
    }

    @Test
    void aFirstOrderIsConfirmedThenRunsTheFirstPurchaseScenarioForTheSameContact() {
        ProcessInstance instance = scenario.start(EventType.ORDER_PLACED, "marie", Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue("orderId", "A-1042")
                .putValue(FirstPurchase.FIRST_ORDER, true));
        assertThat(instance).isWaitingAt(Transactional.TASK_SEND_ORDER_CONFIRMATION);
        scenario.sends().run(job());
        assertThat(sent()).as("the confirmation first").containsExactly("order-confirmation/transactional");

        assertThat(instance).isWaitingAt(Transactional.CALL_FIRST_PURCHASE);
        execute(job());

        ProcessInstance firstPurchase = runtimeService().createProcessInstanceQuery()
                .superProcessInstanceId(instance.getId()).singleResult();
        assertThat(firstPurchase.getBusinessKey()).isEqualTo("marie");
        assertThat(firstPurchase).isWaitingAt(FirstPurchase.TASK_SEND_THANKS).variables()
                .containsEntry("orderId", "A-1042").containsEntry(FirstPurchase.FIRST_ORDER, true);
        assertThat(instance).as("waits for the first purchase scenario").isWaitingAt(Transactional.CALL_FIRST_PURCHASE);
    }

    @Test
    void startsOnlyOnDocumentedEventsAndSendsOnlyTransactionalMessages() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("bpmn/transactional.bpmn"));

        List<String> messages = model.getModelElementsByType(StartEvent.class).stream()
                .flatMap(start -> start.getEventDefinitions().stream())
                .map(definition -> ((MessageEventDefinition) definition).getMessage())
                .map(Message::getName).toList();
        assertThat(messages).containsExactlyInAnyOrder(EventType.ORDER_PLACED,
                EventType.BOOKING_CONFIRMED, EventType.BOOKING_CANCELLED,
                EventType.REFUND_ISSUED, EventType.PASSWORD_RESET_REQUESTED);
        assertThat(messages).allMatch(EventCatalog.of("")::isDocumented);

        Map<String, String> categories = new java.util.TreeMap<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            assertThat(task.isCamundaAsyncBefore()).as(task.getId()).isTrue();
            task.getExtensionElements().getElementsQuery()
                    .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput.class).singleResult()
                    .getCamundaInputParameters().forEach(parameter -> {
                        if ("category".equals(parameter.getCamundaName())) {
                            categories.put(task.getId(), parameter.getTextContent());
                        }
                    });
        }
        assertThat(categories).hasSize(5).allSatisfy((task, category) ->
                assertThat(category).as(task).isEqualTo(Transactional.CATEGORY));
    }
}
