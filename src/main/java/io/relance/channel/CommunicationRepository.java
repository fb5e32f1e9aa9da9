package io.relance.channel;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

public interface CommunicationRepository extends JpaRepository<Communication, String> {

    Optional<Communication> findByIdempotencyKey(String idempotencyKey);

    List<Communication> findTop200ByContactIdOrderByCreatedAtDesc(String contactId);

    List<Communication> findTop100ByOrderByCreatedAtDesc();
}
