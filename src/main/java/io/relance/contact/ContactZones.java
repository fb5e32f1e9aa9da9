package io.relance.contact;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.ZoneId;

/**
 * The time zone a contact lives in, for the diagrams' expressions
 * ({@code ${contactZones.of(execution.processBusinessKey)}}): the contact's {@code timeZone}, else the application's
 * default ({@code relance.pressure.default-time-zone}, the zone quiet hours assume for such contacts).
 */
@Component("contactZones")
public class ContactZones {

    private final ContactService contacts;
    private final ZoneId defaultZone;

    ContactZones(ContactService contacts,
                 @Value("${relance.pressure.default-time-zone:Europe/Paris}") String defaultZone) {
        this.contacts = contacts;
        this.defaultZone = ZoneId.of(defaultZone);
    }

    /** The IANA id of the contact's zone, or of the default zone for an unknown contact or one without a zone. */
    public String of(String contactId) {
        return contacts.find(contactId).map(ContactView::timeZone).filter(zone -> !zone.isBlank())
                .orElse(defaultZone.getId());
    }
}
