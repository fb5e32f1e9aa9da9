package io.relance.contact;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.List;

interface ConsentRecordRepository extends JpaRepository<ConsentRecord, Long> {

    @Query("select r from ConsentRecord r where r.contactId = :contactId order by r.recordedAt desc, r.id desc")
    List<ConsentRecord> newestFirst(@Param("contactId") String contactId, Limit limit);

    @Query("select r from ConsentRecord r where r.contactId = :contactId and r.channel = :channel"
            + " order by r.recordedAt desc, r.id desc")
    List<ConsentRecord> newestFirst(@Param("contactId") String contactId,
                                    @Param("channel") String channel, Limit limit);

    @Modifying
    @Query("delete from ConsentRecord r where r.contactId = :contactId")
    int deleteByContact(@Param("contactId") String contactId);
}
