package io.relance.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Work gathered in one batch per transaction and owner, done once before the commit; else at once. */
class BeforeCommitTest {

    private final List<List<String>> done = new ArrayList<>();
    private final BeforeCommit<List<String>> messages = new BeforeCommit<>(ArrayList::new, done::add);

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void outsideATransactionEachAdditionIsDoneAtOnce() {
        messages.add(batch -> batch.add("a"));
        messages.add(batch -> batch.add("b"));

        assertThat(done).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void theAdditionsOfOneTransactionAreDoneTogetherOnceBeforeItCommitsAndEachOwnerHasItsOwnBatch() {
        List<List<String>> otherDone = new ArrayList<>();
        BeforeCommit<List<String>> other = new BeforeCommit<>(ArrayList::new, otherDone::add);
        TransactionSynchronizationManager.initSynchronization();

        messages.add(batch -> batch.add("a"));
        other.add(batch -> batch.add("x"));
        messages.add(batch -> batch.add("b"));
        assertThat(done).as("nothing before the commit").isEmpty();

        TransactionSynchronizationUtils.triggerBeforeCommit(false);

        assertThat(done).containsExactly(List.of("a", "b"));
        assertThat(otherDone).containsExactly(List.of("x"));
    }

    @Test
    void aTransactionRolledBackDoesNothingAndTheNextOneStartsABatchOfItsOwn() {
        TransactionSynchronizationManager.initSynchronization();
        messages.add(batch -> batch.add("rolled back"));
        // Rolled back: no beforeCommit, the synchronizations are cleared.
        TransactionSynchronizationManager.clearSynchronization();

        TransactionSynchronizationManager.initSynchronization();
        messages.add(batch -> batch.add("committed"));
        TransactionSynchronizationUtils.triggerBeforeCommit(false);

        assertThat(done).containsExactly(List.of("committed"));
    }
}
