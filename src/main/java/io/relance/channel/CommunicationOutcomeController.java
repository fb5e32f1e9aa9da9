package io.relance.channel;

import io.relance.refusal.InvalidFieldsException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/communications/{communicationId}/outcome} (administrators): records what an operator found at the
 * provider for a send whose outcome is unknown (status {@code sending}, its task in an incident). {@code sent}: the
 * send is recorded as sent; {@code not-sent}: its record is removed, so that retrying the task sends it. Then the
 * operator retries the task in Cockpit.
 */
@RestController
@RequestMapping("/api/communications")
class CommunicationOutcomeController {

    private final MessagingService messaging;

    CommunicationOutcomeController(MessagingService messaging) {
        this.messaging = messaging;
    }

    /**
     * @param outcome {@code sent} or {@code not-sent}
     * @param note    optional: what the operator saw (e.g. the provider's message id), kept as the reason
     */
    record OutcomeRequest(String outcome, String note) {
    }

    /** @param status {@code sent}, or {@code not-sent} (the record is gone: a retry of the task sends it) */
    record OutcomeRecorded(String communicationId, String status) {
    }

    @PostMapping("/{communicationId}/outcome")
    OutcomeRecorded record(@PathVariable String communicationId, @RequestBody OutcomeRequest request) {
        if (request.outcome() == null || !(request.outcome().equals("sent") || request.outcome().equals("not-sent"))) {
            throw new InvalidFieldsException("outcome", "must be sent or not-sent");
        }
        if (request.note() != null && request.note().length() > 500) {
            throw new InvalidFieldsException("note", "must be at most 500 characters");
        }
        boolean sent = request.outcome().equals("sent");
        messaging.recordOperatorOutcome(communicationId, sent, request.note());
        return new OutcomeRecorded(communicationId, request.outcome());
    }
}
