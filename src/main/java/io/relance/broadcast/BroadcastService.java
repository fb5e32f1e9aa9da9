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
    /** A count of a broadcast's messages that took this long is reused for a while (see {@link #counts}). */
    static final java.time.Duration SLOW_COUNT = java.time.Duration.ofMillis(50);
    static final int REUSE_FACTOR = 10;

    private final BroadcastRequestCheck check;
    private final BroadcastRepository broadcasts;
    private final Audience audience;
    private final RecipientMessages messages;
    private final PendingMessages pending;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BroadcastMetrics metrics;
    private final com.github.benmanes.caffeine.cache.Cache<String, Counted> counted =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100).build();

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
     * <p>
     * Each chunk is read and written under the broadcast row's lock, and the row keeps where the registration stands
     * (its last contact): a registration that outlives its job's lock (a million recipients take minutes), started
     * again by the job executor while the first still runs, takes turns with it instead of registering the same chunk
     * (each goes on after whatever the other registered), and both end when one has registered the last chunk.
     *
     * @throws UnreadableBroadcastException when the stored segment or template values cannot be read: nothing more
     *                                      is registered (the broadcast stays {@code registering}, to be retried)
     */
    public int registerRecipients(String id) {
        return registerRecipients(id, null).recipients();
    }

    /** Where a broadcast's registration stands: recipients so far, and whether every one is registered. */
    public record Registration(int recipients, boolean done) {
    }

    /**
     * {@link #registerRecipients(String)} for at most {@code slice} (null: until done): chunk after chunk while the
     * slice lasts (at least one); the rest is for the next call.
     */
    public Registration registerRecipients(String id, java.time.Duration slice) {
        BroadcastRepository.Row broadcast = broadcasts.find(id)
                .orElseThrow(() -> new IllegalArgumentException("No broadcast " + id));
        if (Broadcast.REGISTERED.equals(broadcast.status())) {
            return new Registration(broadcast.recipients(), true);
        }
        Map<String, Object> segment = broadcasts.segment(broadcast);
        // Read now too: messages whose template values cannot be read could not be sent.
        broadcasts.variables(broadcast);
        MessageChannel channel = broadcast.channel();
        RecipientMessages.Builder builder = messages.of(id, broadcast.messageType(), channel, broadcast.sendOn());
        long started = System.nanoTime();
        long until = slice == null ? Long.MAX_VALUE : started + slice.toNanos();
        Registration registration = new Registration(broadcast.recipients(), false);
        do {
            Registration known = registration;
            Chunk chunk = tx.execute(status -> registerChunk(id, channel, segment, builder, known));
            if (chunk.registered() > 0) {
                metrics.registered(chunk.registered());
            }
            registration = chunk.registration();
        } while (!registration.done() && System.nanoTime() < until);
        log.info("Broadcast {} ('{}'): {} recipients registered{} ({} ms in this slice)", id, broadcast.name(),
                registration.recipients(), registration.done() ? ", all of them" : " so far",
                (System.nanoTime() - started) / 1_000_000);
        return registration;
    }

    /** A chunk's registration: how many it registered, and where the broadcast's registration stands after it. */
    private record Chunk(int registered, Registration registration) {
    }

    /**
     * Registers the next chunk, under the broadcast row's lock (in the caller's transaction); a broadcast gone meanwhile
     * ends the registration where it was ({@code known}).
     */
    private Chunk registerChunk(String id, MessageChannel channel, Map<String, Object> segment,
                                RecipientMessages.Builder builder, Registration known) {
        BroadcastRepository.Progress progress = broadcasts.lock(id);
        if (progress == null) {
            return new Chunk(0, new Registration(known.recipients(), true));
        }
        if (Broadcast.REGISTERED.equals(progress.status())) {
            return new Chunk(0, new Registration(progress.recipients(), true));
        }
        // Where the registration stands (whichever execution registered the last chunk).
        String after = progress.lastContact() != null || progress.recipients() == 0 ? progress.lastContact()
                : pending.lastContactOfBroadcast(id);
        Audience.Page page = audience.page(channel.consent(), segment, after, CHUNK);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<PendingMessage> chunk = builder.messages(page.members(), now);
        if (!chunk.isEmpty()) {
            pending.insertAll(chunk);
        }
        // The cursor goes on even through a page where nobody was in the segment.
        broadcasts.addRecipients(id, chunk.size(), page.next(), now);
        if (page.next() == null) {
            broadcasts.markRegistered(id);
        }
        return new Chunk(chunk.size(), new Registration(progress.recipients() + chunk.size(), page.next() == null));
    }

    /**
     * The broadcast and its progress. A stored segment that cannot be read is shown as none ({@code null}); its
     * registration stops with an {@link UnreadableBroadcastException}.
     */
    public Optional<Broadcast> find(String id) {
        return broadcasts.find(id).map(row -> {
            Map<String, Long> counts = counts(id);
            return new Broadcast(row.id(), row.name(), row.messageType(), row.channel().key(),
                    readableSegment(row), row.sendOn(), row.status(), row.recipients(), counts, row.createdAt(),
                    row.updatedAt());
        });
    }

    /**
     * The broadcast's messages per status. Counting a large broadcast's messages takes time (a second for a million
     * under load): a count that took {@link #SLOW_COUNT} or more is reused for {@link #REUSE_FACTOR} times as long, so
     * that a dashboard or a client polling the progress takes at most a tenth of a database core; smaller broadcasts
     * are counted afresh each time.
     */
    private Map<String, Long> counts(String id) {
        Counted last = counted.getIfPresent(id);
        long now = System.nanoTime();
        if (last != null && now - last.atNanos() < last.tookNanos() * REUSE_FACTOR) {
            return last.counts();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] count : pending.countsOfBroadcast(id)) {
            counts.put(((String) count[0]).toLowerCase(Locale.ROOT), (Long) count[1]);
        }
        long took = System.nanoTime() - now;
        if (took >= SLOW_COUNT.toNanos()) {
            counted.put(id, new Counted(java.util.Collections.unmodifiableMap(counts), System.nanoTime(), took));
        } else if (last != null) {
            counted.invalidate(id);
        }
        return counts;
    }

    private record Counted(Map<String, Long> counts, long atNanos, long tookNanos) {
    }

    private Map<String, Object> readableSegment(BroadcastRepository.Row row) {
        try {
            return broadcasts.segment(row);
        } catch (UnreadableBroadcastException e) {
            return null;
        }
    }
}
