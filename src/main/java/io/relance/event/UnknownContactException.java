package io.relance.event;

import io.relance.refusal.Refusal;

/** An event names a contact Relance does not know: it must be created before its events are sent. */
public class UnknownContactException extends Refusal {

    UnknownContactException(String contactId) {
        super(Reason.NOT_FOUND, "Contact not found", "No contact with id '" + contactId
                + "'. Create it with PUT /api/contacts/" + contactId + " before sending its events.");
    }
}
