package io.relance.pressure;

import io.relance.channel.MessageChannel;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Commercial send tasks wait for their arbitration. Designers draw them as ordinary email/SMS tasks (the element
 * templates); at deployment, each one whose {@code category} input is not {@code transactional} becomes an external
 * task of topic {@code relance.arbitrated.<channel>} — a wait state in Cockpit — that {@link ArbitrationWorker}
 * completes with the outcome ({@code sendStatus} sent or suppressed, or the error {@code SEND_FAILED}). Transactional
 * sends keep their delegate and go out at once.
 * <p>
 * An external task is a wait state by itself: the {@code asyncBefore} of the element templates is dropped from these
 * tasks, so that the transaction that reaches the send (the event's intake, a timer, a reaction) creates the waiting
 * task directly instead of a job that a job executor thread must take, run and delete first (one engine transaction
 * fewer per commercial message). Transactional sends keep it: their delegate calls the provider.
 */
public final class ArbitratedSends {

    private static final Map<String, MessageChannel> DELEGATES = Map.of(
            "${sendEmail}", MessageChannel.EMAIL, "${sendSms}", MessageChannel.SMS);

    private ArbitratedSends() {
    }

    /** The BPMN to deploy: unchanged when it has no commercial send task. */
    public static byte[] apply(byte[] bpmn) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
        boolean changed = false;
        for (Activity task : model.getModelElementsByType(Activity.class)) {
            if (!(task instanceof ServiceTask) && !(task instanceof SendTask)) {
                continue;
            }
            String delegate = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "delegateExpression");
            MessageChannel channel = delegate == null ? null : DELEGATES.get(delegate.strip());
            if (channel == null || "transactional".equals(category(task))) {
                continue;
            }
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "delegateExpression");
            task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "type", "external");
            task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "topic", ArbitrationWorker.topic(channel));
            task.removeAttributeNs("http://camunda.org/schema/1.0/bpmn", "asyncBefore");
            changed = true;
        }
        return changed ? Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8) : bpmn;
    }

    private static String category(Activity task) {
        if (task.getExtensionElements() == null) {
            return null;
        }
        for (CamundaInputOutput io : task.getExtensionElements().getChildElementsByType(CamundaInputOutput.class)) {
            for (CamundaInputParameter parameter : io.getCamundaInputParameters()) {
                if ("category".equals(parameter.getCamundaName())) {
                    String text = parameter.getTextContent();
                    return text == null ? null : text.strip();
                }
            }
        }
        return null;
    }
}
