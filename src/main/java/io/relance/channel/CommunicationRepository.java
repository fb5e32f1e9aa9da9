package io.relance.channel;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface CommunicationRepository extends JpaRepository<Communication, String> {

    Optional<Communication> findByIdempotencyKey(String idempotencyKey);

    List<Communication> findTop200ByContactIdOrderByCreatedAtDesc(String contactId);

    List<Communication> findTop100ByOrderByCreatedAtDesc();

    List<Communication> findByContactIdOrderByCreatedAtAsc(String contactId);

    /** Commercial messages of these contacts sent or being sent after {@code since}, in one statement. */
    @Query("select new io.relance.channel.CommercialSend(c.id, c.contactId, c.idempotencyKey, c.channel,"
            + " c.messageType, c.createdAt) from Communication c where c.contactId in :contactIds"
            + " and c.category = io.relance.channel.Category.COMMERCIAL and c.testSend = false"
            + " and c.status in (io.relance.channel.SendStatus.SENT, io.relance.channel.SendStatus.SENDING)"
            + " and c.createdAt > :since")
    List<CommercialSend> findCommercialSince(@Param("contactIds") Collection<String> contactIds,
                                             @Param("since") Instant since);
}
