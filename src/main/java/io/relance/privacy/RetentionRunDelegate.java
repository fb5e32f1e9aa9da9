package io.relance.privacy;

import io.relance.scenario.DataRetention;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code ${dataRetentionRun}}, run by the nightly timer of {@code bpmn/data-retention.bpmn}: runs {@link Retention}
 * and writes the number of contacts erased ({@code erased}). The erasures run on a thread of their own, outside the
 * job's transaction and engine command: each commits alone (as a DELETE over REST would), and a collision with other
 * work on a contact is retried there rather than failing the whole run.
 */
@Component("dataRetentionRun")
class RetentionRunDelegate implements JavaDelegate {

    private final Retention retention;

    RetentionRunDelegate(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void execute(DelegateExecution execution) throws InterruptedException, ExecutionException {
        int erased = CompletableFuture.supplyAsync(retention::run, runnable -> {
            Thread worker = new Thread(runnable, "data-retention");
            worker.start();
        }).get();
        DataRetention.ERASED.set(execution, erased);
    }
}
