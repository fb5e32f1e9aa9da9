package io.relance.contact;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ContactRepository extends JpaRepository<Contact, String> {

    /** Contacts born on one of these days of the year, given as month * 100 + day (e.g. 1123 for 23 November). */
    @Query("select c from Contact c where c.birthDate is not null"
            + " and extract(month from c.birthDate) * 100 + extract(day from c.birthDate) in :monthDays")
    java.util.List<Contact> findBornOn(@Param("monthDays") java.util.Collection<Integer> monthDays);

    /** Contacts born on one of these dates. */
    java.util.List<Contact> findByBirthDateIn(java.util.Collection<java.time.LocalDate> dates);

    /** Locks the rows of these contacts in id order, in one statement (SELECT ... ORDER BY id FOR UPDATE). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c.id from Contact c where c.id in :ids order by c.id")
    java.util.List<String> lockAllById(@Param("ids") java.util.Collection<String> ids);

    /** The ids of the contacts with this email address (compared without case), at most {@code limit} of them. */
    @Query("select c.id from Contact c where lower(c.email) = lower(:email) order by c.id")
    java.util.List<String> findIdsByEmail(@Param("email") String email,
                                          org.springframework.data.domain.Limit limit);

    /** The ids of the contacts with this phone number (E.164), at most {@code limit} of them. */
    @Query("select c.id from Contact c where c.phone = :phone order by c.id")
    java.util.List<String> findIdsByPhone(@Param("phone") String phone, org.springframework.data.domain.Limit limit);

    /** Deletes the contact's row (an erasure); the number of rows deleted. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Contact c where c.id = :id")
    int deleteOne(@Param("id") String id);

    /** Ids of contacts not changed since {@code before}, after {@code afterId} in id order, at most {@code limit}. */
    @Query("select c.id from Contact c where c.updatedAt < :before and c.id > :afterId order by c.id")
    java.util.List<String> findIdsUpdatedBefore(@Param("before") java.time.Instant before,
                                                @Param("afterId") String afterId,
                                                org.springframework.data.domain.Limit limit);
}
