package io.relance.callback;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.util.List;

/**
 * The call-back tasks counted per day in table {@code callback_capacity}, shared by every application node.
 * <p>
 * A slot is taken by one conditional update ({@code used = used + 1 ... AND used < limit}) in the caller's
 * transaction — the engine's, when a scenario asks: the row stays locked until that transaction ends, so concurrent
 * requests, on any node, queue on it and each sees the count the previous one committed; and a transaction that rolls
 * back (a failed job, a refused event) gives its slot back. The day's row is created on first use, in a short
 * transaction of its own (an empty row takes no slot, so it need not roll back with the caller); when two nodes
 * create it at once, one insert fails on the primary key and is ignored.
 */
@Repository
class CallbackCounter {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    CallbackCounter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Takes one slot of that day if fewer than {@code limit} are taken; false when none is left. */
    boolean take(LocalDate day, int limit) {
        if (limit < 1) {
            return false;
        }
        if (increment(day, limit)) {
            return true;
        }
        // No slot left, or no row yet for that day: make sure the row exists, then try once more.
        ownTransaction.executeWithoutResult(status -> createDay(day));
        return increment(day, limit);
    }

    /** Slots taken that day (committed, or taken by the current transaction). */
    int used(LocalDate day) {
        List<Integer> used = jdbc.queryForList("SELECT used FROM callback_capacity WHERE slot_day = ?",
                Integer.class, day);
        return used.isEmpty() ? 0 : used.get(0);
    }

    private boolean increment(LocalDate day, int limit) {
        return jdbc.update("UPDATE callback_capacity SET used = used + 1 WHERE slot_day = ? AND used < ?",
                day, limit) == 1;
    }

    private void createDay(LocalDate day) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM callback_capacity WHERE slot_day = ?",
                Integer.class, day);
        if (rows != null && rows > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO callback_capacity (slot_day, used) VALUES (?, 0)", day);
        } catch (DuplicateKeyException createdByAnotherNode) {
            // The row exists: that is all this wanted.
        }
    }
}
