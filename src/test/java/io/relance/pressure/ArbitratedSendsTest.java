package io.relance.pressure;

import io.relance.channel.MessageChannel;
import io.relance.channel.SendTaskInputs;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a commercial send task becomes at deployment: an external task of its channel's topic, without
 * {@code asyncBefore}, its constant inputs as extension properties (no variables, no scope), its expressions still
 * inputs; transactional sends untouched.
 */
class ArbitratedSendsTest {

    private static final String BPMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="https://relance.io/bpmn">
              <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="1">
                <bpmn:startEvent id="start" />
                <bpmn:serviceTask id="constantsOnly" camunda:asyncBefore="true" camunda:delegateExpression="${sendEmail}">
                  <bpmn:extensionElements>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="messageType">welcome</camunda:inputParameter>
                      <camunda:inputParameter name="category">commercial</camunda:inputParameter>
                    </camunda:inputOutput>
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:serviceTask id="withExpressions" camunda:asyncBefore="true" camunda:delegateExpression="${sendSms}">
                  <bpmn:extensionElements>
                    <camunda:properties>
                      <camunda:property name="relance.input.offerCode" value="REPLACED" />
                      <camunda:property name="relance.input.cartAmount" value="REMOVED" />
                      <camunda:property name="note" value="kept" />
                    </camunda:properties>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="messageType">cart-reminder-1</camunda:inputParameter>
                      <camunda:inputParameter name="category">commercial</camunda:inputParameter>
                      <camunda:inputParameter name="cartAmount">${amount}</camunda:inputParameter>
                      <camunda:inputParameter name="offerCode">HIVER20</camunda:inputParameter>
                      <camunda:inputParameter name="items"><camunda:list><camunda:value>a</camunda:value></camunda:list></camunda:inputParameter>
                      <camunda:inputParameter name="empty" />
                    </camunda:inputOutput>
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:serviceTask id="transactional" camunda:asyncBefore="true" camunda:delegateExpression="${sendEmail}">
                  <bpmn:extensionElements>
                    <camunda:inputOutput>
                      <camunda:inputParameter name="messageType">order-confirmation</camunda:inputParameter>
                      <camunda:inputParameter name="category">transactional</camunda:inputParameter>
                    </camunda:inputOutput>
                  </bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:endEvent id="end" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="constantsOnly" />
                <bpmn:sequenceFlow id="f2" sourceRef="constantsOnly" targetRef="withExpressions" />
                <bpmn:sequenceFlow id="f3" sourceRef="withExpressions" targetRef="transactional" />
                <bpmn:sequenceFlow id="f4" sourceRef="transactional" targetRef="end" />
              </bpmn:process>
            </bpmn:definitions>
            """;

    private final BpmnModelInstance deployed = Bpmn.readModelFromStream(new ByteArrayInputStream(
            ArbitratedSends.apply(BPMN.getBytes(StandardCharsets.UTF_8))));

    private ServiceTask task(String id) {
        return deployed.getModelElementById(id);
    }

    private static List<String> inputs(ServiceTask task) {
        return task.getExtensionElements().getChildElementsByType(CamundaInputOutput.class).stream()
                .flatMap(io -> io.getCamundaInputParameters().stream()).map(CamundaInputParameter::getCamundaName)
                .toList();
    }

    @Test
    void aCommercialSendWithConstantInputsOnlyKeepsThemAsPropertiesAndHasNoInputsLeft() {
        ServiceTask task = task("constantsOnly");
        assertThat(task.getCamundaType()).isEqualTo("external");
        assertThat(task.getCamundaTopic()).isEqualTo(ArbitrationWorker.topic(MessageChannel.EMAIL));
        assertThat(task.isCamundaAsyncBefore()).isFalse();
        assertThat(task.getCamundaDelegateExpression()).isNull();
        assertThat(task.getExtensionElements().getChildElementsByType(CamundaInputOutput.class))
                .as("no input left: the task needs no scope of its own").isEmpty();
        assertThat(SendTaskInputs.constants(deployed, "constantsOnly"))
                .isEqualTo(Map.of("messageType", "welcome", "category", "commercial"));
    }

    @Test
    void expressionsListsAndEmptyInputsStayInputsAndAnInputWinsOverAPropertyOfItsName() {
        ServiceTask task = task("withExpressions");
        assertThat(task.getCamundaTopic()).isEqualTo(ArbitrationWorker.topic(MessageChannel.SMS));
        assertThat(inputs(task)).containsExactlyInAnyOrder("cartAmount", "items", "empty");
        assertThat(SendTaskInputs.constants(deployed, "withExpressions")).as("an input wins over a property")
                .isEqualTo(Map.of("messageType", "cart-reminder-1", "category", "commercial", "offerCode", "HIVER20"));
        assertThat(task.getExtensionElements().getChildElementsByType(CamundaProperties.class).stream()
                .flatMap(p -> p.getCamundaProperties().stream()).map(CamundaProperty::getCamundaName))
                .contains("note");
    }

    @Test
    void aTransactionalSendKeepsItsDelegateAndItsInputs() {
        ServiceTask task = task("transactional");
        assertThat(task.getCamundaType()).isNull();
        assertThat(task.getCamundaDelegateExpression()).isEqualTo("${sendEmail}");
        assertThat(task.isCamundaAsyncBefore()).isTrue();
        assertThat(inputs(task)).containsExactlyInAnyOrder("messageType", "category");
        assertThat(SendTaskInputs.constants(deployed, "transactional")).isEmpty();
    }

    @Test
    void theInputsATaskSeesAreItsVariablesWithItsConstantsOverThem() {
        assertThat(SendTaskInputs.withConstants(Map.of("messageType", "process variable", "amount", 12),
                SendTaskInputs.constants(Map.of("relance.input.messageType", "welcome", "exit", "opened"))))
                .isEqualTo(Map.of("messageType", "welcome", "amount", 12));
    }
}
