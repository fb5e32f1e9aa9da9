package io.relance.callback;

import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.scenario.LeadCallback;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Task listener of a call-back task, bound as {@code ${callbackTask}}.
 * <ul>
 * <li>{@code create}: sets the task-local strings the form shows — {@code contactName}, {@code contactPhone} (of the
 * contact whose id is the business key) and {@code callReason} (scenario, the event that started it — variable
 * {@code trigger}, else the start messages of the model — and the white-paper title).</li>
 * <li>{@code complete}: refuses to complete the task without a known {@code outcome}, so that the gateway after it
 * never guesses.</li>
 * </ul>
 */
@Component("callbackTask")
class CallbackTaskListener implements TaskListener {

    private static final Logger log = LoggerFactory.getLogger(CallbackTaskListener.class);

    private final ContactService contacts;

    CallbackTaskListener(ContactService contacts) {
        this.contacts = contacts;
    }

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> describeCall(task);
            case EVENTNAME_COMPLETE -> checkOutcome(task);
            default -> {
            }
        }
    }

    private void describeCall(DelegateTask task) {
        String contactId = contactId(task);
        Optional<ContactView> contact = contactId == null ? Optional.empty() : contacts.find(contactId);
        if (contact.isEmpty()) {
            log.warn("Call-back task {}: no contact '{}' (business key), the task shows only its id", task.getId(),
                    contactId);
        }
        LeadCallback.CONTACT_NAME.setLocal(task, contact.map(CallbackTaskListener::displayName)
                .orElse(Objects.requireNonNullElse(contactId, "")));
        LeadCallback.CONTACT_PHONE.setLocal(task,
                contact.map(ContactView::phone).orElse(""));
        String trigger = text(LeadCallback.TRIGGER.get(task));
        LeadCallback.CALL_REASON.setLocal(task, callReason(scenarioName(task),
                trigger != null ? trigger : trigger(task),
                text(LeadCallback.WHITE_PAPER_TITLE.raw(task))));
    }

    private static void checkOutcome(DelegateTask task) {
        Object outcome = LeadCallback.OUTCOME.raw(task);
        if (CallOutcome.of(outcome).isEmpty()) {
            throw new ProcessEngineException("Choose the outcome of the call: " + LeadCallback.OUTCOME.name()
                    + " must be one of " + String.join(", ", CallOutcome.allValues())
                    + (outcome == null ? " (it is missing)" : ", not '" + outcome + "'"));
        }
    }

    /** E.g. "Lead call-back — WhitePaperDownloaded (white paper: Email deliverability in 2026)". */
    static String callReason(String scenario, String trigger, String whitePaperTitle) {
        StringBuilder reason = new StringBuilder(scenario);
        if (trigger != null && !trigger.isBlank()) {
            reason.append(" — ").append(trigger);
        }
        if (whitePaperTitle != null && LeadCallback.MESSAGE_START.equals(trigger)) {
            reason.append(" (white paper: ").append(whitePaperTitle).append(')');
        }
        return reason.toString();
    }

    static String displayName(ContactView contact) {
        String name = Stream.of(contact.firstName(), contact.lastName()).filter(Objects::nonNull)
                .collect(Collectors.joining(" "));
        if (!name.isBlank()) {
            return name;
        }
        return contact.email() != null ? contact.email() : contact.contactId();
    }

    private static String contactId(DelegateTask task) {
        String businessKey = task.getExecution().getProcessBusinessKey();
        return businessKey != null ? businessKey : text(ScenarioVariables.CONTACT_ID.get(task));
    }

    private static Process process(DelegateTask task) {
        ModelElementInstance element = task.getBpmnModelElementInstance();
        while (element != null && !(element instanceof Process)) {
            element = element.getParentElement();
        }
        return (Process) element;
    }

    private static String scenarioName(DelegateTask task) {
        Process process = process(task);
        if (process == null) {
            return "Call-back";
        }
        return process.getName() != null ? process.getName() : process.getId();
    }

    /** The message(s) the scenario starts with, e.g. {@code WhitePaperDownloaded}. */
    private static String trigger(DelegateTask task) {
        Process process = process(task);
        if (process == null) {
            return null;
        }
        return process.getChildElementsByType(StartEvent.class).stream()
                .flatMap(start -> start.getEventDefinitions().stream())
                .filter(MessageEventDefinition.class::isInstance)
                .map(definition -> ((MessageEventDefinition) definition).getMessage())
                .filter(Objects::nonNull)
                .map(message -> message.getName())
                .filter(Objects::nonNull)
                .map(io.relance.scenario.StartMessageAliases::eventType)
                .distinct()
                .collect(Collectors.collectingAndThen(Collectors.joining(" or "), joined -> joined.isEmpty() ? null
                        : joined));
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text.strip() : null;
    }
}
