package io.relance.pressure;

import io.relance.channel.Category;
import io.relance.channel.MessageChannel;
import io.relance.channel.MessagingService;
import io.relance.channel.SendOutcome;
import io.relance.channel.SendRequest;
import io.relance.channel.SendStatus;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.support.ApiClient;
import io.relance.support.SmtpTest;
import io.relance.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two "nodes" of eight threads each arbitrate for the same contact at the same moment: the contact's row lock in the
 * database (not memory) makes them decide one after the other, so the cap (1 commercial message a day) is never
 * exceeded. Run on H2 and on the real MariaDB.
 */
abstract class ConcurrentArbitrationTests extends SmtpTest {

    private static final int THREADS_PER_NODE = 8;

    @LocalServerPort
    int port;
    @Autowired
    MessagingService messaging;
    @Autowired
    Arbitration arbitration;
    @Autowired
    ContactService contacts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    PendingMessages pending;

    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void tuesdayMorning() {
        clock.set(Instant.parse("2026-11-24T09:30:00Z"));
    }

    @AfterEach
    void removeTestData() {
        for (String contactId : created) {
            jdbc.update("DELETE FROM pending_message WHERE contact_id = ?", contactId);
            jdbc.update("DELETE FROM communication WHERE contact_id = ?", contactId);
            jdbc.update("DELETE FROM contact WHERE id = ?", contactId);
        }
        jdbc.update("DELETE FROM pending_message WHERE contact_id LIKE 'claim-test-%'");
    }

    private String contact() {
        String id = "conc-" + UUID.randomUUID();
        ApiClient.Response response = ApiClient.as(port, "integration", "integration-secret-for-tests")
                .put("/api/contacts/" + id, """
                        {"email": "%s@example.com", "firstName": "Inès", "locale": "fr",
                         "consents": {"email": {"granted": true, "at": "2024-01-15T10:00:00Z"}}}""".formatted(id));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        created.add(id);
        return id;
    }

    private static SendRequest request(String contactId, int n) {
        return new SendRequest(contactId, "concurrency-test", null, "Task_" + n,
                "concurrency:" + contactId + ":" + n, MessageChannel.EMAIL, "welcome", Category.COMMERCIAL,
                Map.of("firstName", "Inès"));
    }

    /** Runs the 16 calls on two pools of 8 threads released at the same moment. */
    private <T> List<T> onTwoNodes(java.util.function.IntFunction<Callable<T>> call) throws Exception {
        ExecutorService nodeA = Executors.newFixedThreadPool(THREADS_PER_NODE);
        ExecutorService nodeB = Executors.newFixedThreadPool(THREADS_PER_NODE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (int n = 0; n < 2 * THREADS_PER_NODE; n++) {
                Callable<T> task = call.apply(n);
                futures.add((n % 2 == 0 ? nodeA : nodeB).submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            nodeA.shutdownNow();
            nodeB.shutdownNow();
        }
    }

    @Test
    void sixteenSimultaneousSendsForOneContactDeliverOne() throws Exception {
        String contactId = contact();

        List<SendOutcome> outcomes = onTwoNodes(n -> () -> messaging.send(request(contactId, n)));

        assertThat(outcomes).filteredOn(o -> o.status() == SendStatus.SENT).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.status() == SendStatus.SUPPRESSED).hasSize(15)
                .allSatisfy(o -> assertThat(o.reason()).containsAnyOf("arbitration:", "cap:"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM communication WHERE contact_id = ? AND status = 'SENT'",
                Integer.class, contactId)).isEqualTo(1);
    }

    @Test
    void sixteenSimultaneousDecisionsOfWaitingMessagesGrantOne() throws Exception {
        String contactId = contact();
        ContactView contact = contacts.find(contactId).orElseThrow();
        for (int n = 0; n < 2 * THREADS_PER_NODE; n++) {
            arbitration.register(request(contactId, n), contact, null, null);
        }

        List<List<PendingMessage>> decisions = onTwoNodes(n -> () -> arbitration.decide(contactId));

        long granted = decisions.stream().flatMap(List::stream)
                .filter(m -> m.status() == PendingMessage.Status.GRANTED).count();
        long suppressed = decisions.stream().flatMap(List::stream)
                .filter(m -> m.status() == PendingMessage.Status.SUPPRESSED).count();
        assertThat(granted).as("granted across all threads").isEqualTo(1);
        assertThat(suppressed).as("each message decided once").isEqualTo(15);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pending_message WHERE contact_id = ?"
                + " AND status = 'GRANTED'", Integer.class, contactId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pending_message WHERE contact_id = ?"
                + " AND status = 'PENDING'", Integer.class, contactId)).isZero();
    }

    /**
     * One transaction decides a batch of 250 contacts (more than one {@code IN} list of their messages, and more than
     * the default batch): each is decided as if alone. Every other contact already has a message granted and not yet
     * sent, which holds the day's only place wherever it is in the batch (both new ones suppressed by the cap); the
     * others get one of their two (the other suppressed by arbitration). The
     * decisions written (grouped by status, reason and winner) are those returned.
     */
    @Test
    void aLargeBatchOfContactsIsDecidedAsEachAlone() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add(contact());
        }
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 2) {
            String id = ids.get(i);
            arbitration.register(request(id, 0), contacts.find(id).orElseThrow(), null, null);
            assertThat(arbitration.decide(id)).extracting(PendingMessage::status)
                    .containsExactly(PendingMessage.Status.GRANTED);
            earlier.add(id);
        }
        for (String id : ids) {
            ContactView contact = contacts.find(id).orElseThrow();
            arbitration.register(request(id, 1), contact, null, null);
            arbitration.register(request(id, 2), contact, null, null);
        }

        List<PendingMessage> decided = arbitration.decideAll(ids);

        assertThat(decided).hasSize(2 * ids.size());
        Map<String, List<PendingMessage>> byContact = new java.util.HashMap<>();
        decided.forEach(m -> byContact.computeIfAbsent(m.contactId(), c -> new ArrayList<>()).add(m));
        for (String id : ids) {
            List<PendingMessage> mine = byContact.get(id);
            long granted = mine.stream().filter(m -> m.status() == PendingMessage.Status.GRANTED).count();
            assertThat(granted).as("granted to %s (%s)", id, earlier.contains(id) ? "one granted before" : "none")
                    .isEqualTo(earlier.contains(id) ? 0 : 1);
            assertThat(mine).filteredOn(m -> m.status() == PendingMessage.Status.SUPPRESSED)
                    .hasSize(earlier.contains(id) ? 2 : 1)
                    .allSatisfy(m -> assertThat(m.reason()).startsWith(earlier.contains(id)
                            ? "cap: 1 commercial message per 24 hours" : "arbitration:"));
        }
        for (PendingMessage m : decided) {
            Map<String, Object> row = jdbc.queryForMap("SELECT status, reason, winner_id FROM pending_message"
                    + " WHERE id = ?", m.id());
            assertThat(row.get("status")).as("status of %s", m.id()).isEqualTo(m.status().name());
            assertThat(row.get("reason")).as("reason of %s", m.id()).isEqualTo(m.reason());
            assertThat(row.get("winner_id")).as("winner of %s", m.id()).isEqualTo(m.winnerId());
        }
    }

    /**
     * Delivery rounds of two "nodes" claim granted messages many at a time: each message is claimed by one round only,
     * none is left behind, a claimed message is not claimable again while its lease runs, and one handed back is.
     * (The rows are due in 2030, out of reach of the application's own delivery threads, which run on the test clock.)
     */
    @Test
    void grantedMessagesAreClaimedByOneRoundEachAndHandedBackWhole() throws Exception {
        Instant due = Instant.parse("2030-01-01T00:00:00Z");
        Instant now = due.plusSeconds(1);
        Instant leaseUntil = now.plusSeconds(30);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<PendingMessage> rows = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            rows.add(new PendingMessage(UUID.randomUUID().toString(), "claim-test:" + run + ":" + n,
                    "claim-test-" + run + "-" + n, MessageChannel.EMAIL, "promotion", 50, null, null, null, null,
                    "broadcast-claim-test-" + run, due, due, due.plusSeconds(3600), PendingMessage.Status.GRANTED,
                    null, null, due));
        }
        pending.insertAll(rows);

        // Each round goes on until it found nothing three times in a row (others took its candidates meanwhile).
        List<List<String>> claimed = onTwoNodes(n -> () -> {
            List<String> mine = new ArrayList<>();
            for (int empty = 0; empty < 3; ) {
                List<PendingMessage> batch = pending.claimGranted(now, leaseUntil, 7);
                batch.forEach(m -> mine.add(m.id()));
                empty = batch.isEmpty() ? empty + 1 : 0;
            }
            return mine;
        });
        // Whatever the rounds left (normally nothing) is still claimable: nothing is stuck.
        List<String> all = new ArrayList<>(claimed.stream().flatMap(List::stream).toList());
        pending.claimGranted(now, leaseUntil, 200).forEach(m -> all.add(m.id()));

        assertThat(all).as("each message claimed by one round only").doesNotHaveDuplicates();
        assertThat(all).as("every message claimed").containsExactlyInAnyOrderElementsOf(
                rows.stream().map(PendingMessage::id).toList());
        assertThat(pending.claimGranted(now, leaseUntil, 200)).as("none claimable while their lease runs").isEmpty();

        List<String> handedBack = all.subList(0, 10);
        pending.release(handedBack, now);
        assertThat(pending.claimGranted(now, leaseUntil, 200)).as("handed back: claimable again at once")
                .extracting(PendingMessage::id).containsExactlyInAnyOrderElementsOf(handedBack);
        assertThat(pending.claimGranted(leaseUntil.plusSeconds(1), leaseUntil.plusSeconds(31), 200))
                .as("all claimable again once the lease ran out").hasSize(rows.size());
    }
}
