package io.relance.contact;

import org.springframework.stereotype.Component;

/**
 * Whether a contact can be reached by SMS — a phone number and SMS consent granted — for the diagrams' gateways
 * ({@code ${contactReach.sms(execution.processBusinessKey)}}: the appointment reminder goes by SMS then, else by email)
 * and for the channel choice of commercial messages.
 */
@Component("contactReach")
public class ContactReach {

    private final ContactService contacts;

    ContactReach(ContactService contacts) {
        this.contacts = contacts;
    }

    /** The contact exists, has a phone number and has granted SMS consent (not withdrawn). */
    public boolean sms(String contactId) {
        return contacts.find(contactId).map(ContactReach::bySms).orElse(false);
    }

    /** The contact has a phone number and has granted SMS consent (not withdrawn). */
    public static boolean bySms(ContactView contact) {
        Consent consent = contact.consents().get(Channel.SMS.key());
        return contact.phone() != null && !contact.phone().isBlank() && consent != null && consent.granted();
    }
}
