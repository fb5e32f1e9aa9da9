package io.relance.callback;

import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendRequest;
import io.relance.channel.SendRequests;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.scenario.ScenarioVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * A sales call-back is a commercial call: it needs the contact's phone consent. Asked by "Reserve a call-back slot"
 * before any slot is taken. Without consent (never given, or withdrawn), or when the contact no longer exists, the
 * call is recorded in the communication log as {@code suppressed} (channel {@code callback}, whose consent is
 * {@code phone}; the reason says which), like a send without consent: the contact's timeline and the scenario's
 * figures show it. The record is idempotent (same key as sends: a retried job records it once).
 * <p>
 * A transactional call-back (e.g. a booking the customer asked to confirm by phone) sets the input
 * {@code category} = {@code transactional} on its reservation task and needs no consent.
 */
@Component
public class CallbackConsent {

    private static final Logger log = LoggerFactory.getLogger(CallbackConsent.class);

    private final ContactService contacts;
    private final MessagingService messaging;
    private final SendRequests requests;

    CallbackConsent(ContactService contacts, MessagingService messaging, SendRequests requests) {
        this.contacts = contacts;
        this.messaging = messaging;
        this.requests = requests;
    }

    /** Whether the call-back of the execution's contact may be made; when not, records it as suppressed. */
    public boolean allows(DelegateExecution execution) {
        String input = ScenarioVariables.CATEGORY.getLocal(execution);
        Category category = input == null || input.isBlank() ? Category.COMMERCIAL : Category.parse(input);
        if (category == Category.TRANSACTIONAL) {
            return true;
        }
        Optional<ContactView> contact = contacts.find(execution.getProcessBusinessKey());
        String refusal = contact.isEmpty()
                ? "contact " + execution.getProcessBusinessKey() + " does not exist (erased?)"
                : MessagingService.consentRefusal(MessageChannel.CALLBACK, category, contact.get());
        if (refusal == null) {
            return true;
        }
        SendRequest request = requests.from(execution, MessageChannel.CALLBACK, category);
        messaging.recordSuppressed(request, null, refusal, null);
        log.info("Call-back '{}' of instance {} not created: {}", request.messageType(),
                execution.getProcessInstanceId(), refusal.startsWith("contact ") ? "contact missing" : refusal);
        return false;
    }
}
