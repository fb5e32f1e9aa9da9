package io.relance.contact;

import java.time.Instant;
import java.util.Optional;

/**
 * Tells whether a contact id was erased, and when (implemented by the feature that keeps the erasure record:
 * {@code privacy}). Lets the event intake say "erased on ..." instead of "unknown contact" without depending on it.
 */
public interface ErasedContacts {

    /** When the contact of this id was last erased, if it was. */
    Optional<Instant> erasedAt(String contactId);
}
