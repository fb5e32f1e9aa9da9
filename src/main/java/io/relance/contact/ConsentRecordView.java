package io.relance.contact;

import java.time.Instant;
import java.util.Map;

/**
 * One answer of a contact's consent history as the API shows it.
 *
 * @param at         when the person gave or withdrew it
 * @param recordedAt when Relance recorded it
 * @param proof      plain values (empty when none was given)
 * @param recordedBy the account that recorded it (absent for a link or a text message of the contact)
 */
public record ConsentRecordView(long id, String channel, boolean granted, Instant at, Instant recordedAt,
                                String source, Map<String, Object> proof, String recordedBy) {
}
