package io.relance.event;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface InboundEventRepository extends JpaRepository<InboundEvent, String> {

    List<InboundEvent> findTop200ByContactIdOrderByReceivedAtDesc(String contactId);

    List<InboundEvent> findByContactIdOrderByOccurredAtAscEventIdAsc(String contactId);
}
