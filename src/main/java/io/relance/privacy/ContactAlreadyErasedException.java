package io.relance.privacy;

import io.relance.refusal.Refusal;

import java.time.Instant;

/** The contact to erase or export is gone: it was erased (the erasure record says when). */
public class ContactAlreadyErasedException extends Refusal {

    ContactAlreadyErasedException(String contactId, Instant erasedAt) {
        super(Reason.NOT_FOUND, "Contact erased", "The contact '" + contactId + "' was erased on " + erasedAt
                + "; Relance holds nothing about it any more but the erasure record (no personal data).");
    }
}
