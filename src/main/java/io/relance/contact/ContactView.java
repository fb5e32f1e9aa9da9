package io.relance.contact;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A contact as the API shows it. */
public record ContactView(
        String contactId,
        String email,
        String phone,
        String firstName,
        String lastName,
        LocalDate birthDate,
        String locale,
        String timeZone,
        Map<String, Consent> consents,
        Map<String, Object> attributes,
        Instant createdAt,
        Instant updatedAt) {

    static ContactView of(Contact contact, Map<String, Object> attributes) {
        Map<String, Consent> consents = new LinkedHashMap<>();
        contact.consents().forEach((channel, consent) -> consents.put(channel.key(), consent));
        return new ContactView(contact.getId(), contact.getEmail(), contact.getPhone(), contact.getFirstName(),
                contact.getLastName(), contact.getBirthDate(), contact.getLocale(), contact.getTimeZone(),
                consents, attributes, contact.getCreatedAt(), contact.getUpdatedAt());
    }
}
