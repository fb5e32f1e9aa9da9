package io.relance.support;

import io.relance.pressure.ArbitrationWorker;

/** Drives the arbitration worker by hand in tests that run jobs by hand (the dispatcher is off with the job executor). */
public final class Arbitrated {

    private Arbitrated() {
    }

    /** Runs rounds until one finds nothing to do: new send tasks taken, due decisions made, granted messages sent. */
    public static int settle(ArbitrationWorker worker) {
        int total = 0;
        for (int round = 0; round < 50; round++) {
            int done = worker.runOnce();
            total += done;
            if (done == 0) {
                return total;
            }
        }
        throw new IllegalStateException("The arbitration worker did not settle in 50 rounds");
    }
}
