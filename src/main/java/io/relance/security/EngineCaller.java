package io.relance.security;

import org.camunda.bpm.engine.IdentityService;

import java.util.List;

/**
 * The user an {@code /engine-rest} call runs as inside the engine, per thread, so that application code the engine
 * runs within that call can step out of it ({@link #asApplication}) and back in.
 */
final class EngineCaller {

    private record Caller(String user, List<String> groups, int[] suspended) {
    }

    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    private EngineCaller() {
    }

    /** The thread now runs as {@code user} inside the engine; {@link #leave} must follow, in a {@code finally}. */
    static void enter(IdentityService identityService, String user, List<String> groups) {
        CURRENT.set(new Caller(user, List.copyOf(groups), new int[1]));
        identityService.setAuthentication(user, groups);
    }

    static void leave(IdentityService identityService) {
        identityService.clearAuthentication();
        CURRENT.remove();
    }

    /** Whether the thread runs an {@code /engine-rest} call as its user (and not application code within it). */
    static boolean inside() {
        Caller caller = CURRENT.get();
        return caller != null && caller.suspended()[0] == 0;
    }

    /**
     * Runs {@code work} without engine authentication when the thread is inside an {@code /engine-rest} call, then
     * puts the caller's authentication back; elsewhere (job executor, {@code /api}) runs it as it is.
     */
    static Object asApplication(IdentityService identityService, Work work) throws Throwable {
        Caller caller = CURRENT.get();
        if (caller == null || caller.suspended()[0] > 0) {
            return work.run();
        }
        caller.suspended()[0]++;
        identityService.clearAuthentication();
        try {
            return work.run();
        } finally {
            caller.suspended()[0]--;
            identityService.setAuthentication(caller.user(), caller.groups());
        }
    }

    /** Application code run by the engine (a delegate's or listener's method). */
    @FunctionalInterface
    interface Work {
        Object run() throws Throwable;
    }
}
