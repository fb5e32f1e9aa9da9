package io.relance.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** The newest records {@link #consentHistory} returns. */
    public static final int MAX_CONSENT_RECORDS = 500;
    private static final int MAX_IDS_BY_PHONE = 100;

    private final ContactRepository contacts;
    private final ConsentRecordRepository consentRecords;
    private final TransactionTemplate tx;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<ErasedContacts> erased;
    private final jakarta.persistence.EntityManager entityManager;
    private final JdbcTemplate jdbc;

    ContactService(ContactRepository contacts, ConsentRecordRepository consentRecords, TransactionTemplate tx,
                   ObjectMapper objectMapper, Clock clock, ApplicationEventPublisher publisher,
                   ObjectProvider<ErasedContacts> erased, jakarta.persistence.EntityManager entityManager,
                   JdbcTemplate jdbc) {
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.consentRecords = consentRecords;
        this.tx = tx;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.publisher = publisher;
        this.erased = erased;
    }

    public record Upserted(ContactView contact, boolean created) {
    }

    /** {@link #upsert(String, ContactRequest, String)} by no account in particular. */
    public Upserted upsert(String contactId, ContactRequest request) {
        return upsert(contactId, request, null);
    }

    /**
     * Creates the contact or replaces its profile. Consents of channels the request leaves out are kept; each
     * consent answer that changes something (the answer, its date, or a source or proof other than the last one's)
     * adds a record to the consent history, by {@code recordedBy} (the account, may be null); replaying the same
     * request adds none. Two concurrent upserts of one contact are serialised by optimistic locking and retried.
     */
    public Upserted upsert(String contactId, ContactRequest request, String recordedBy) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> doUpsert(contactId, request, recordedBy));
            } catch (DataIntegrityViolationException | OptimisticLockingFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Upserted doUpsert(String contactId, ContactRequest request, String recordedBy) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<Contact> existing = contacts.findById(contactId);
        Contact contact = existing.orElseGet(() -> new Contact(contactId, now));
        contact.updateProfile(trim(request.email()), request.phone(), trim(request.firstName()),
                trim(request.lastName()), request.birthDate(), request.locale(), request.timeZone(),
                attributesJson(request.attributes()), now);
        ContactRequest.Consents consents = request.consents();
        if (consents != null) {
            answer(contact, Channel.EMAIL, consents.email(), recordedBy, now);
            answer(contact, Channel.SMS, consents.sms(), recordedBy, now);
            answer(contact, Channel.PHONE, consents.phone(), recordedBy, now);
        }
        Contact saved = contacts.saveAndFlush(contact);
        return new Upserted(view(saved), existing.isEmpty());
    }

    /**
     * Withdraws the contact's consent on a channel at once (unsubscribe link, STOP text, {@code Unsubscribed} event)
     * and records it in the consent history with its evidence. {@code at} is when the person withdrew it (null or a
     * time in the future: now). Joins the caller's transaction if there is one. Returns false, recording nothing,
     * when the consent was already withdrawn or the contact does not exist: one withdrawal is one record.
     */
    public boolean withdrawConsent(String contactId, Channel channel, Instant at, ConsentEvidence evidence) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Boolean.TRUE.equals(tx.execute(status -> contacts.findById(contactId).map(contact -> {
                    Consent current = contact.consent(channel);
                    if (current != null && !current.granted()) {
                        return false;
                    }
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    Instant when = at == null || at.isAfter(now) ? now : at.truncatedTo(ChronoUnit.MICROS);
                    Consent held = contact.recordConsent(channel, false, when, evidence.source(), now);
                    consentRecords.save(new ConsentRecord(contactId, channel, false, held.at(), now,
                            evidence.source(), proofJson(evidence.proof()), evidence.recordedBy()));
                    return true;
                }).orElse(false)));
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The contact's consent history, newest first (at most {@value #MAX_CONSENT_RECORDS} records), of one channel or
     * of all ({@code channel} null); empty when the contact does not exist.
     */
    public Optional<java.util.List<ConsentRecordView>> consentHistory(String contactId, Channel channel) {
        return tx.execute(status -> {
            if (!contacts.existsById(contactId)) {
                return Optional.<java.util.List<ConsentRecordView>>empty();
            }
            org.springframework.data.domain.Limit limit = org.springframework.data.domain.Limit.of(MAX_CONSENT_RECORDS);
            java.util.List<ConsentRecord> records = channel == null ? consentRecords.newestFirst(contactId, limit)
                    : consentRecords.newestFirst(contactId, channel.key(), limit);
            return Optional.of(records.stream().map(this::view).toList());
        });
    }

    /** The ids of the contacts with this phone number (E.164), at most 100, in id order. */
    public java.util.List<String> idsWithPhone(String phone) {
        return contacts.findIdsByPhone(phone, org.springframework.data.domain.Limit.of(MAX_IDS_BY_PHONE));
    }

    /** Contacts born on one of these days of the year (month * 100 + day). */
    public java.util.List<ContactView> bornOn(java.util.Collection<Integer> monthDays) {
        return contacts.findBornOn(monthDays).stream().map(this::view).toList();
    }

    /** Contacts born on one of these dates. */
    public java.util.List<ContactView> bornOnDates(java.util.Collection<java.time.LocalDate> dates) {
        return dates.isEmpty() ? java.util.List.of()
                : contacts.findByBirthDateIn(dates).stream().map(this::view).toList();
    }

    /**
     * Contacts whose attribute {@code name} is a string starting with one of these dates ({@code YYYY-MM-DD}, or a
     * date-time on that day). Filtered in the database, on the stored JSON of the attributes; the caller reads the
     * value again from {@link ContactView#attributes()}.
     */
    public java.util.List<ContactView> withDateAttribute(String name,
                                                         java.util.Collection<java.time.LocalDate> dates) {
        return withAttributeLike(name, new java.util.TreeSet<>(dates).stream().map(Object::toString).toList());
    }

    /**
     * Contacts whose attribute {@code name} is a date (as {@link #withDateAttribute}) on one of these days of the year
     * (month * 100 + day), whatever the year.
     */
    public java.util.List<ContactView> withDateAttributeOnDays(String name,
                                                               java.util.Collection<Integer> monthDays) {
        return withAttributeLike(name, new java.util.TreeSet<>(monthDays).stream()
                .map(md -> "____-%02d-%02d".formatted(md / 100, md % 100)).toList());
    }

    private java.util.List<ContactView> withAttributeLike(String name, java.util.List<String> datePatterns) {
        if (datePatterns.isEmpty()) {
            return java.util.List.of();
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("not an attribute name: " + name);
        }
        // Attributes are stored as compact JSON written by attributesJson: "name":"2026-11-23" appears as such.
        StringBuilder jpql = new StringBuilder("select c from Contact c where ");
        for (int i = 0; i < datePatterns.size(); i++) {
            jpql.append(i == 0 ? "" : " or ").append("c.attributes like :p").append(i);
        }
        jakarta.persistence.TypedQuery<Contact> query = entityManager.createQuery(jpql + " order by c.id",
                Contact.class);
        for (int i = 0; i < datePatterns.size(); i++) {
            query.setParameter("p" + i, "%\"" + name + "\":\"" + datePatterns.get(i) + "%");
        }
        return query.getResultList().stream().map(this::view).toList();
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
     * is serialised across threads and application nodes, while different contacts proceed in parallel. One plain
     * SELECT ... FOR UPDATE: it runs once per event, on the intake's busiest path.
     */
    public boolean lock(String contactId) {
        return !jdbc.queryForList("SELECT id FROM contact WHERE id = ? FOR UPDATE", String.class, contactId).isEmpty();
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
        // The consent history (append-only) is deleted by the erasure alone, before the contact row.
        erasure.report("consent_record", consentRecords.deleteByContact(contactId));
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

    /**
     * Applies one consent answer of a PUT and records it, unless it changes nothing: the same answer (and date, when
     * one is given) with no source or proof, or with the same source and proof as the channel's last record.
     */
    private void answer(Contact contact, Channel channel, ContactRequest.ConsentAnswer answer, String recordedBy,
                        Instant now) {
        if (answer == null) {
            return;
        }
        Instant at = answer.at() == null ? null : answer.at().toInstant().truncatedTo(ChronoUnit.MICROS);
        String source = answer.source() == null ? ConsentSource.API : answer.source();
        String proof = proofJson(answer.proof());
        Consent before = contact.consent(channel);
        boolean changed = before == null || before.granted() != answer.granted()
                || (at != null && !at.equals(before.at()));
        if (!changed) {
            if (answer.source() == null && proof == null) {
                return;
            }
            ConsentRecord last = consentRecords.newestFirst(contact.getId(), channel.key(),
                    org.springframework.data.domain.Limit.of(1)).stream().findFirst().orElse(null);
            if (last != null && last.getSource().equals(source) && java.util.Objects.equals(last.getProof(), proof)) {
                return;
            }
        }
        Consent held = contact.recordConsent(channel, answer.granted(), at, source, now);
        consentRecords.save(new ConsentRecord(contact.getId(), channel, held.granted(), held.at(), now, source, proof,
                recordedBy));
    }

    private ConsentRecordView view(ConsentRecord record) {
        Map<String, Object> proof = Map.of();
        if (record.getProof() != null && !record.getProof().isBlank()) {
            try {
                proof = objectMapper.readValue(record.getProof(), new TypeReference<LinkedHashMap<String, Object>>() {
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored proof of consent record " + record.getId() + " is unreadable",
                        e);
            }
        }
        return new ConsentRecordView(record.getId(), record.getChannel(), record.isGranted(), record.getGivenAt(),
                record.getRecordedAt(), record.getSource(), proof, record.getRecordedBy());
    }

    /** The proof as canonical JSON (names in order), null when there is none. */
    private String proofJson(Map<String, Object> proof) {
        if (proof == null || proof.isEmpty()) {
            return null;
        }
        try {
            return objectMapper.writeValueAsString(new TreeMap<>(proof));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("proof is not serialisable", e);
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
