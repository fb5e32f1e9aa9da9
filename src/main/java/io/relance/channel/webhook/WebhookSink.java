package io.relance.channel.webhook;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where webhook calls go when no {@code relance.webhook.url} is configured and the task names none: kept in this
 * node's memory for the outbox page (the last {@value #CAPACITY}). Development only.
 */
@Component
@NamedInterface("sinks")
public class WebhookSink {

    public static final int CAPACITY = 1000;

    /** A call that would have been made. */
    public record Call(Instant at, String idempotencyKey, Object body) {
    }

    private final Deque<Call> calls = new ArrayDeque<>();

    synchronized void record(Call call) {
        if (calls.size() >= CAPACITY) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    /** Oldest first. */
    public synchronized List<Call> calls() {
        return new ArrayList<>(calls);
    }
}
