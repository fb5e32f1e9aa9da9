package io.relance.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Creates, updates and reads contacts. */
@Service
public class ContactService {

    private static final int ATTEMPTS = 3;
    private static final int MAX_IDS_BY_EMAIL = 100;

    private final ContactRepository contacts;
    private final TransactionTemplate tx;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<ErasedContacts> erased;

    ContactService(ContactRepository contacts, TransactionTemplate tx, ObjectMapper objectMapper, Clock clock,
                   ApplicationEventPublisher publisher, ObjectProvider<ErasedContacts> erased) {
        this.contacts = contacts;
        this.tx = tx;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.publisher = publisher;
        this.erased = erased;
    }

    public record Upserted(ContactView contact, boolean created) {
    }

    /**
     * Creates the contact or replaces its profile. Consents of channels the request leaves out are kept.
     * Two concurrent upserts of one contact are serialised by optimistic locking and retried.
     */
    public Upserted upsert(String contactId, ContactRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> doUpsert(contactId, request));
            } catch (DataIntegrityViolationException | OptimisticLockingFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Upserted doUpsert(String contactId, ContactRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<Contact> existing = contacts.findById(contactId);
        Contact contact = existing.orElseGet(() -> new Contact(contactId, now));
        contact.updateProfile(trim(request.email()), request.phone(), trim(request.firstName()),
                trim(request.lastName()), request.birthDate(), request.locale(), request.timeZone(),
                attributesJson(request.attributes()), now);
        ContactRequest.Consents consents = request.consents();
        if (consents != null) {
            record(contact, Channel.EMAIL, consents.email(), now);
            record(contact, Channel.SMS, consents.sms(), now);
            record(contact, Channel.PHONE, consents.phone(), now);
        }
        Contact saved = contacts.saveAndFlush(contact);
        return new Upserted(view(saved), existing.isEmpty());
    }

    /** Withdraws the contact's consent on a channel at once (unsubscribe link, STOP reply). */
    public void withdrawConsent(String contactId, Channel channel) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(status -> contacts.findById(contactId).ifPresent(contact -> {
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    if (contact.hasConsent(channel) || contact.consent(channel) == null) {
                        contact.recordConsent(channel, false, now, now);
                    }
                }));
                return;
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Contacts born on one of these days of the year (month * 100 + day). */
    public java.util.List<ContactView> bornOn(java.util.Collection<Integer> monthDays) {
        return contacts.findBornOn(monthDays).stream().map(this::view).toList();
    }

    /** The contacts of these ids that exist. */
    public java.util.List<ContactView> findAll(java.util.Collection<String> contactIds) {
        return contacts.findAllById(contactIds).stream().map(this::view).toList();
    }

    public Optional<ContactView> find(String contactId) {
        return contacts.findById(contactId).map(this::view);
    }

    /** The ids of the contacts with this email address (without case), at most 100, in id order. */
    public java.util.List<String> idsWithEmail(String email) {
        return contacts.findIdsByEmail(email.trim(), org.springframework.data.domain.Limit.of(MAX_IDS_BY_EMAIL));
    }

    public boolean exists(String contactId) {
        return contacts.existsById(contactId);
    }

    /**
     * Locks the contact's row for the current transaction and tells whether it exists. Everything that changes a
     * contact's scenarios (event intake, later: sends and arbitration) takes this lock first, so work on one contact
     * is serialised across threads and application nodes, while different contacts proceed in parallel.
     */
    public boolean lock(String contactId) {
        return contacts.lockById(contactId).isPresent();
    }

    /**
     * Locks the rows of these contacts for the current transaction, in id order (two nodes locking overlapping
     * batches never deadlock), with one statement; returns the ids of those that exist, in id order.
     */
    public java.util.List<String> lockInIdOrder(java.util.Collection<String> contactIds) {
        return contactIds.isEmpty() ? java.util.List.of() : contacts.lockAllById(contactIds);
    }

    /**
     * Erases the contact, in the caller's transaction, which must hold the contact's lock ({@link #lock}): publishes
     * {@link ContactErasure} (each feature erases its own rows about the contact, in this transaction), then deletes
     * the contact's own rows. Returns the erasure with the counts the features reported (the caller checked that the
     * contact exists).
     */
    public ContactErasure erase(String contactId, String anonymousId, Instant at) {
        ContactErasure erasure = new ContactErasure(contactId, anonymousId, at);
        publisher.publishEvent(erasure);
        // ERASURE-CONSENT-HISTORY: the consent history (table consent_record, feature contact, branch consent) is
        // deleted here, before the contact row: erasure.report("consent_record", <rows deleted>).
        erasure.report("contact", contacts.deleteOne(contactId));
        return erasure;
    }

    /** When this contact id was erased, if it was (from the erasure record; empty when none is kept). */
    public Optional<Instant> erasedAt(String contactId) {
        ErasedContacts records = erased.getIfAvailable();
        return records == null ? Optional.empty() : records.erasedAt(contactId);
    }

    /**
     * The ids of contacts whose profile was not created or changed since {@code before}, after {@code afterId} in id
     * order, at most {@code limit} (the candidates of the retention run).
     */
    public java.util.List<String> unchangedSince(Instant before, String afterId, int limit) {
        return contacts.findIdsUpdatedBefore(before, afterId == null ? "" : afterId,
                org.springframework.data.domain.Limit.of(limit));
    }

    /** The contact's segmentation attributes, as plain values. */
    public Map<String, Object> attributes(Contact contact) {
        String json = contact.getAttributesJson();
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return objectMapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored attributes of contact " + contact.getId() + " are unreadable", e);
        }
    }

    private ContactView view(Contact contact) {
        return ContactView.of(contact, attributes(contact));
    }

    private static void record(Contact contact, Channel channel, ContactRequest.ConsentAnswer answer, Instant now) {
        if (answer != null) {
            contact.recordConsent(channel, answer.granted(),
                    answer.at() == null ? null : answer.at().toInstant().truncatedTo(ChronoUnit.MICROS), now);
        }
    }

    private String attributesJson(Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        try {
            return objectMapper.writeValueAsString(new TreeMap<>(attributes));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes are not serialisable", e);
        }
    }

    private static String trim(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
