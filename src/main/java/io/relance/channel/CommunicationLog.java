package io.relance.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.config.Utc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Writes the communication log in transactions of its own, committed at once whatever happens to the scenario's
 * transaction: a send recorded as {@code sent} stays recorded when the job that sent it rolls back and is retried.
 */
@Component
public class CommunicationLog {

    private final CommunicationRepository communications;
    private final TransactionTemplate newTx;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    CommunicationLog(CommunicationRepository communications, PlatformTransactionManager transactionManager,
                     ObjectMapper objectMapper, Clock clock, ApplicationEventPublisher events,
                     org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.communications = communications;
        this.newTx = new TransactionTemplate(transactionManager);
        this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.events = events;
    }

    public Optional<CommunicationView> find(String idempotencyKey) {
        return newTx.execute(status -> communications.findByIdempotencyKey(idempotencyKey).map(c -> c));
    }

    public Optional<CommunicationView> byId(String id) {
        return newTx.execute(status -> communications.findById(id).map(c -> c));
    }

    /** Records a message held back; nothing is sent. {@code id} and {@code winnerId} may be null. */
    Communication suppressed(SendRequest request, String id, String reason, String winnerId) {
        return newTx.execute(status -> {
            Communication communication = new Communication(request, SendStatus.SUPPRESSED, reason, now());
            if (id != null) {
                communication.assignId(id);
            }
            communication.assignWinner(winnerId);
            Communication saved = communications.saveAndFlush(communication);
            events.publishEvent(CommunicationRecorded.of(saved));
            return saved;
        });
    }

    /**
     * Records a test send with its outcome. No {@link CommunicationRecorded} is published: figures and experiments
     * never count a test, and the pressure caps skip it.
     */
    Communication testSend(SendRequest request, SendStatus result, String reason, String recipient, String subject) {
        return newTx.execute(status -> communications.saveAndFlush(Communication.testSend(request, result, reason,
                recipient, subject, now())));
    }

    /** Records that the provider is about to be called (status {@code sending}). */
    Communication sending(SendRequest request, String id, ChannelSender.Prepared prepared) {
        return sendingAll(List.of(new Sending(request, id, prepared))).get(0);
    }

    /** A message about to be handed to its provider, under the communication id it was given. */
    record Sending(SendRequest request, String id, ChannelSender.Prepared prepared) {
    }

    /**
     * Records that the provider is about to be called for each of these messages (status {@code sending}), in one
     * transaction: all, or none when one of them is in the log already (then nothing is recorded).
     */
    List<Communication> sendingAll(List<Sending> group) {
        return newTx.execute(status -> {
            List<Communication> records = new java.util.ArrayList<>(group.size());
            for (Sending sending : group) {
                Communication communication = new Communication(sending.request(), SendStatus.SENDING, null, now());
                communication.assignId(sending.id());
                communication.prepared(sending.prepared().recipient(), sending.prepared().subject(),
                        json(sending.prepared().links()));
                records.add(communication);
            }
            communications.saveAll(records);
            communications.flush();
            return records;
        });
    }

    /**
     * Writes the outcome of a send recorded as {@code sending} ({@link #sending}), from the record in hand: one update,
     * no read first.
     */
    Communication finish(Communication sending, SendStatus result, String reason, Delivery delivery) {
        finishAll(List.of(new Outcome(sending, result, reason, delivery)), List.of());
        return sending;
    }

    /** The outcome of a send recorded as {@code sending}: {@code SENDING} again when it is unknown (with the reason). */
    record Outcome(Communication sending, SendStatus result, String reason, Delivery delivery) {
    }

    /**
     * Writes the outcomes of sends recorded as {@code sending}, from the records in hand (one update each, no read
     * first), and forgets the sends of {@code notHandedOver} (recorded, then not handed to the provider: a retry
     * sends them), in one transaction.
     */
    void finishAll(List<Outcome> outcomes, List<String> notHandedOver) {
        newTx.executeWithoutResult(status -> {
            Instant now = now();
            outcomes.forEach(o -> o.sending().finish(o.result(), o.reason(), o.delivery(), now));
            if (!outcomes.isEmpty()) {
                int[] updated = jdbc.batchUpdate("UPDATE communication SET status = ?, reason = ?, provider_id = ?,"
                        + " recipient = ?, subject = ?, updated_at = ? WHERE id = ?", outcomes, outcomes.size(),
                        (ps, o) -> {
                            Communication c = o.sending();
                            ps.setString(1, c.getStatus().name());
                            ps.setString(2, c.getReason());
                            ps.setString(3, c.getProviderId());
                            ps.setString(4, c.getRecipient());
                            ps.setString(5, c.getSubject());
                            ps.setTimestamp(6, java.sql.Timestamp.from(c.getUpdatedAt()), Utc.calendar());
                            ps.setString(7, c.getId());
                        })[0];
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] == 0) {
                        Outcome o = outcomes.get(i);
                        throw new IllegalStateException("Communication " + o.sending().getId() + " is no longer in"
                                + " the log: its outcome " + o.result().key() + " could not be written");
                    }
                }
            }
            for (Outcome outcome : outcomes) {
                if (outcome.result() != SendStatus.SENDING) {
                    events.publishEvent(CommunicationRecorded.of(outcome.sending()));
                }
            }
            if (!notHandedOver.isEmpty()) {
                communications.deleteAllByIdInBatch(notHandedOver);
            }
        });
    }

    /** Writes the outcome of a send read from the log (an operator's outcome). */
    Communication finish(String id, SendStatus result, String reason, Delivery delivery) {
        return finish(communications.findById(id).orElseThrow(), result, reason, delivery);
    }

    /** Forgets a send the provider certainly did not accept, so that a retry sends it. */
    void forget(String id) {
        newTx.executeWithoutResult(status -> communications.deleteById(id));
    }

    public List<CommunicationView> ofContact(String contactId) {
        return List.copyOf(communications.findTop200ByContactIdOrderByCreatedAtDesc(contactId));
    }

    /**
     * The commercial messages of these contacts sent or being sent after {@code since} (what the pressure caps
     * count), read in the caller's transaction with one statement.
     */
    public List<CommercialSend> commercialSince(Collection<String> contactIds, Instant since) {
        return contactIds.isEmpty() ? List.of() : communications.findCommercialSince(contactIds, since);
    }

    /** Every message of the contact, oldest first (the export of a contact's data). */
    public List<CommunicationView> allOf(String contactId) {
        return List.copyOf(communications.findByContactIdOrderByCreatedAtAsc(contactId));
    }

    public List<CommunicationView> latest() {
        return List.copyOf(communications.findTop100ByOrderByCreatedAtDesc());
    }

    /** The links recorded for a message, in order. */
    public List<String> links(String communicationId) {
        String links = newTx.execute(status -> communications.findById(communicationId)
                .map(Communication::getLinks).orElse(null));
        if (links == null) {
            return List.of();
        }
        try {
            return List.of(objectMapper.readValue(links, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Links of communication " + communicationId + " are unreadable", e);
        }
    }

    private String json(List<String> links) {
        try {
            return links == null || links.isEmpty() ? null : objectMapper.writeValueAsString(links);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
