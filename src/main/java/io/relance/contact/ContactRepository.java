package io.relance.contact;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Optional;

public interface ContactRepository extends JpaRepository<Contact, String> {

    /** Locks the contact's row until the transaction ends (SELECT ... FOR UPDATE); empty if there is none. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c.id from Contact c where c.id = :id")
    Optional<String> lockById(@Param("id") String id);
}
