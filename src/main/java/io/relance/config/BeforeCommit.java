package io.relance.config;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work gathered during a transaction into one batch and done once, just before the transaction commits (a transaction
 * rolled back does nothing); outside a transaction, at once. Each {@code BeforeCommit} has a batch of its own per
 * transaction, created at its first addition.
 *
 * @param <B> the batch, e.g. a list of the messages recorded in the transaction
 */
public final class BeforeCommit<B> {

    private final Supplier<B> newBatch;
    private final Consumer<B> work;

    /**
     * @param newBatch an empty batch
     * @param work     what is done with a batch before its transaction commits
     */
    public BeforeCommit(Supplier<B> newBatch, Consumer<B> work) {
        this.newBatch = newBatch;
        this.work = work;
    }

    /** Adds to the current transaction's batch; outside a transaction, to a batch of its own, done at once. */
    public void add(Consumer<B> addition) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            B batch = newBatch.get();
            addition.accept(batch);
            work.accept(batch);
            return;
        }
        for (TransactionSynchronization sync : TransactionSynchronizationManager.getSynchronizations()) {
            if (sync instanceof Batch<?> batch && batch.owner == this) {
                @SuppressWarnings("unchecked")
                B mine = (B) batch.content;
                addition.accept(mine);
                return;
            }
        }
        Batch<B> batch = new Batch<>(this, newBatch.get());
        TransactionSynchronizationManager.registerSynchronization(batch);
        addition.accept(batch.content);
    }

    private static final class Batch<B> implements TransactionSynchronization {
        final BeforeCommit<B> owner;
        final B content;

        Batch(BeforeCommit<B> owner, B content) {
            this.owner = owner;
            this.content = content;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            owner.work.accept(content);
        }
    }
}
