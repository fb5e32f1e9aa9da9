package io.relance.privacy;

import io.relance.contact.ContactErasure;
import io.relance.contact.ContactService;
import io.relance.refusal.Refusal;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Erases a contact everywhere, synchronously, in one transaction that takes the contact's row lock first (the lock
 * the event intake takes: no event of the contact is correlated meanwhile): its scenario instances are cancelled and
 * their history deleted ({@link ScenarioErasure}), then each feature erases its own rows ({@link ContactErasure}),
 * the contact row is deleted and the erasure record written. A collision with the job executor or another node
 * (optimistic locking) rolls everything back and is retried.
 */
@Service
public class ErasureService {

    /** Why a contact was erased. */
    public enum Cause {
        /** The person asked (DELETE /api/contacts/{id}). */
        REQUEST,
        /** No sign of life for the retention period (bpmn/data-retention.bpmn). */
        RETENTION;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ErasureService.class);
    private static final int ATTEMPTS = 5;

    private final ContactService contacts;
    private final ScenarioErasure scenarios;
    private final ErasureRecords records;
    private final TransactionTemplate tx;
    private final Clock clock;

    ErasureService(ContactService contacts, ScenarioErasure scenarios, ErasureRecords records, TransactionTemplate tx,
                   Clock clock) {
        this.contacts = contacts;
        this.scenarios = scenarios;
        this.records = records;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Erases the contact. Refuses with {@link NoSuchContactException} or {@link ContactAlreadyErasedException}
     * (nothing to erase).
     *
     * @param by the user name of the account that asks, or {@code retention}
     */
    public Erasure erase(String contactId, String by, Cause cause) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> doErase(contactId, by, cause));
            } catch (OptimisticLockingException | OptimisticLockingFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                log.debug("Erasure collided with concurrent work on the contact (attempt {}), retrying", attempt);
                backoff(attempt);
            }
        }
    }

    /**
     * Refuses when the contact does not exist: {@link ContactAlreadyErasedException} or
     * {@link NoSuchContactException}.
     */
    void requireExists(String contactId) {
        if (!contacts.exists(contactId)) {
            throw gone(contactId);
        }
    }

    private Refusal gone(String contactId) {
        return records.erasedAt(contactId).<Refusal>map(at -> new ContactAlreadyErasedException(contactId, at))
                .orElseGet(() -> new NoSuchContactException(contactId));
    }

    private Erasure doErase(String contactId, String by, Cause cause) {
        if (!contacts.lock(contactId)) {
            throw gone(contactId);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String anonymousId = "erased-" + UUID.randomUUID();
        int cancelled = scenarios.cancel(contactId);
        int histories = scenarios.deleteHistory(contactId);
        ContactErasure erasure = contacts.erase(contactId, anonymousId, now);
        Map<String, Integer> counts = new LinkedHashMap<>(erasure.counts());
        String erasureId = UUID.randomUUID().toString();
        records.insert(contactId, new ErasureRecords.Row(erasureId, now, by, cause.key(), cancelled, histories,
                counts));
        // Never the contact id in the log: the erasure id is what the caller got in its receipt.
        log.info("Erasure {} ({}, by {}): {} scenario instance(s) cancelled, {} history(ies) deleted, rows {}",
                erasureId, cause.key(), by, cancelled, histories, counts);
        return new Erasure(contactId, erasureId, now, cancelled, histories, counts);
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an erasure", e);
        }
    }
}
