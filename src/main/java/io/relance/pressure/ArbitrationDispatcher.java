package io.relance.pressure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link ArbitrationWorker} in the background: round after round while there is work, pausing
 * {@code relance.pressure.dispatcher.interval} when there is none, and {@code relance.pressure.dispatcher.gather}
 * after a round that found less than a full batch (so that the next one takes more at once). On by default when the
 * engine's job executor is (tests that drive jobs by hand drive this worker by hand too).
 */
@Component
class ArbitrationDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ArbitrationDispatcher.class);
    private static final java.time.Duration CLEANUP_EVERY = java.time.Duration.ofHours(1);

    private final ArbitrationWorker worker;
    private final boolean enabled;
    private final long pauseMillis;
    private final int deliveryThreads;
    private final java.util.List<Thread> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Thread thread;
    private volatile boolean running;

    private final long shutdownWaitMillis;
    private final long gatherMillis;
    private final int fullTake;
    private final int fullClaim;

    ArbitrationDispatcher(ArbitrationWorker worker, PressureProperties properties,
                          @Value("${camunda.bpm.job-execution.enabled:true}") boolean jobExecution,
                          @Value("${relance.pressure.dispatcher.shutdown-wait:PT30S}") java.time.Duration shutdownWait) {
        this.worker = worker;
        this.shutdownWaitMillis = shutdownWait.toMillis();
        Boolean configured = properties.dispatcher().enabled();
        this.enabled = configured != null ? configured : jobExecution;
        this.pauseMillis = properties.dispatcher().interval().toMillis();
        this.deliveryThreads = Math.max(1, properties.dispatcher().threads());
        this.gatherMillis = properties.dispatcher().gather().toMillis();
        this.fullTake = properties.dispatcher().fetch();
        this.fullClaim = properties.dispatcher().claim();
    }

    @Override
    public void start() {
        if (!enabled) {
            log.info("Arbitration dispatcher disabled (relance.pressure.dispatcher.enabled)");
            return;
        }
        worker.resumeTaking();
        running = true;
        thread = new Thread(this::loop, "relance-arbitration");
        thread.setDaemon(true);
        thread.start();
        for (int i = 1; i <= deliveryThreads; i++) {
            Thread delivery = new Thread(this::deliveryLoop, "relance-delivery-" + i);
            delivery.setDaemon(true);
            delivery.start();
            deliveries.add(delivery);
        }
    }

    /** Sends granted messages, of broadcasts and scenarios (each claimed first: threads and nodes share the work). */
    private void deliveryLoop() {
        while (running) {
            int done;
            try {
                done = worker.deliverGranted();
            } catch (RuntimeException e) {
                log.warn("Delivery round failed, tried again shortly: {}", e.toString());
                done = 0;
            }
            pause(pauseAfter(done, fullClaim));
        }
    }

    /** After a round that did {@code done} of a full {@code full}: the interval when idle, the gather when short. */
    private long pauseAfter(int done, int full) {
        return done == 0 ? pauseMillis : done < full ? gatherMillis : 0;
    }

    /** Sleeps that long; false when interrupted (the flag set again). */
    private static boolean pause(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void loop() {
        long nextCleanup = 0;
        while (running) {
            int done;
            try {
                if (System.currentTimeMillis() >= nextCleanup) {
                    worker.forgetOldDecisions();
                    nextCleanup = System.currentTimeMillis() + CLEANUP_EVERY.toMillis();
                }
                done = worker.takeAndDecide();
            } catch (RuntimeException e) {
                log.warn("Arbitration round failed, tried again shortly: {}", e.toString());
                done = 0;
            }
            if (!pause(pauseAfter(done, fullTake))) {
                return;
            }
        }
    }

    /**
     * Stops taking work, first of all at shutdown: each thread finishes the send in hand (the providers' timeouts
     * bound it), fetched send tasks not started are unlocked, and this waits for the threads, at most
     * {@code relance.pressure.dispatcher.shutdown-wait}, before the engine and the connection pool close.
     */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        worker.stopTaking();
        java.util.List<Thread> all = new java.util.ArrayList<>(deliveries);
        if (thread != null) {
            all.add(thread);
        }
        long deadline = System.currentTimeMillis() + shutdownWaitMillis;
        for (Thread t : all) {
            // Not interrupted: a round finishes the send in hand and its database work; the pause is short.
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long alive = all.stream().filter(Thread::isAlive).count();
        if (alive > 0) {
            log.warn("Arbitration dispatcher: {} threads still busy after {} ms", alive, shutdownWaitMillis);
        } else {
            log.info("Arbitration dispatcher stopped: sends in hand finished, unstarted send tasks handed back");
        }
        deliveries.clear();
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the engine (and its job executor) started; stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
