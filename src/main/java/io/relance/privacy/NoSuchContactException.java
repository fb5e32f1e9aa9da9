package io.relance.privacy;

import io.relance.refusal.Refusal;

/** The contact to erase or export does not exist (and no erasure of that id is recorded). */
public class NoSuchContactException extends Refusal {

    NoSuchContactException(String contactId) {
        super(Reason.NOT_FOUND, "Contact not found", "No contact with id '" + contactId + "'.");
    }
}
