package io.relance.broadcast;

import io.relance.channel.MessageChannel;
import io.relance.contact.Audience;
import io.relance.pressure.PendingMessage;
import io.relance.pressure.PendingMessages;
import io.relance.refusal.InvalidFieldsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Broadcasts (newsletter, promotions) to a segment. A broadcast is one row and one short scenario instance; each
 * recipient gets a pending message that goes through the same arbitration as scenario messages — no process
 * instance per recipient. Recipients are registered in chunks, each in its own transaction, resumable after a crash.
 */
@Service
public class BroadcastService {

    public static final String SCENARIO = "broadcast";
    private static final Logger log = LoggerFactory.getLogger(BroadcastService.class);
    private static final int CHUNK = 1000;

    private final BroadcastRequestCheck check;
    private final BroadcastRepository broadcasts;
    private final Audience audience;
    private final RecipientMessages messages;
    private final PendingMessages pending;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BroadcastMetrics metrics;

    BroadcastService(BroadcastRequestCheck check, BroadcastRepository broadcasts, Audience audience,
                     RecipientMessages messages, PendingMessages pending,
                     PlatformTransactionManager transactionManager, Clock clock, BroadcastMetrics metrics) {
        this.metrics = metrics;
        this.check = check;
        this.broadcasts = broadcasts;
        this.audience = audience;
        this.messages = messages;
        this.pending = pending;
        // Each chunk commits on its own, also when called from a scenario's job.
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Checks and records a broadcast (recipients are registered by {@link #registerRecipients}).
     *
     * @throws InvalidFieldsException naming each bad field of the request
     */
    public Broadcast create(String id, BroadcastRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("UTC"));
        MessageChannel channel = check.check(request, today);
        LocalDate sendOn = request.sendOn() == null ? today : request.sendOn();
        tx.executeWithoutResult(status -> broadcasts.insert(id, request.name(), request.messageType(), channel,
                request.segment(), request.variables(), sendOn, now));
        return find(id).orElseThrow();
    }

    /**
     * Registers a pending message for each contact of the segment with consent on the channel and an address,
     * chunk by chunk (resumes after the last registered contact). Returns the number of recipients.
     *
     * @throws UnreadableBroadcastException when the stored segment or template values cannot be read: nothing more
     *                                      is registered (the broadcast stays {@code registering}, to be retried)
     */
    public int registerRecipients(String id) {
        BroadcastRepository.Row broadcast = broadcasts.find(id)
                .orElseThrow(() -> new IllegalArgumentException("No broadcast " + id));
        if (Broadcast.REGISTERED.equals(broadcast.status())) {
            return broadcast.recipients();
        }
        Map<String, Object> segment = broadcasts.segment(broadcast);
        // Read now too: messages whose template values cannot be read could not be sent.
        broadcasts.variables(broadcast);
        MessageChannel channel = broadcast.channel();
        RecipientMessages.Builder builder = messages.of(id, broadcast.messageType(), channel, broadcast.sendOn());
        String after = pending.lastContactOfBroadcast(id);
        int total = broadcast.recipients();
        long started = System.nanoTime();
        do {
            Audience.Page page = audience.page(channel.consent(), segment, after, CHUNK);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<PendingMessage> chunk = builder.messages(page.members(), now);
            if (!chunk.isEmpty()) {
                tx.executeWithoutResult(status -> {
                    pending.insertAll(chunk);
                    broadcasts.addRecipients(id, chunk.size(), now);
                });
                metrics.registered(chunk.size());
            }
            total += chunk.size();
            after = page.next();
        } while (after != null);
        broadcasts.markRegistered(id);
        log.info("Broadcast {} ('{}'): {} recipients registered in {} ms", id, broadcast.name(), total,
                (System.nanoTime() - started) / 1_000_000);
        return total;
    }

    /**
     * The broadcast and its progress. A stored segment that cannot be read is shown as none ({@code null}); its
     * registration stops with an {@link UnreadableBroadcastException}.
     */
    public Optional<Broadcast> find(String id) {
        return broadcasts.find(id).map(row -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Object[] count : pending.countsOfBroadcast(id)) {
                counts.put(((String) count[0]).toLowerCase(Locale.ROOT), (Long) count[1]);
            }
            return new Broadcast(row.id(), row.name(), row.messageType(), row.channel().key(),
                    readableSegment(row), row.sendOn(), row.status(), row.recipients(), counts, row.createdAt(),
                    row.updatedAt());
        });
    }

    private Map<String, Object> readableSegment(BroadcastRepository.Row row) {
        try {
            return broadcasts.segment(row);
        } catch (UnreadableBroadcastException e) {
            return null;
        }
    }
}
