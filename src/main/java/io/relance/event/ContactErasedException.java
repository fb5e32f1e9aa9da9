package io.relance.event;

import io.relance.refusal.Refusal;

import java.time.Instant;

/** An event names a contact that was erased (GDPR): its events are not taken any more. */
public class ContactErasedException extends Refusal {

    ContactErasedException(String contactId, Instant erasedAt) {
        super(Reason.NOT_FOUND, "Contact erased", "The contact '" + contactId + "' was erased on " + erasedAt
                + " at the person's request or by the retention rule; its events are no longer accepted. If the"
                + " person comes back, create the contact again with PUT /api/contacts/" + contactId + ".");
    }
}
