package io.relance.pressure;

import io.relance.channel.SendRequest;

/** Builds the send request of a broadcast's message (implemented by the broadcast feature). */
public interface BroadcastRequests {

    SendRequest request(PendingMessage message);
}
