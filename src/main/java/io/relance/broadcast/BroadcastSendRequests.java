package io.relance.broadcast;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.relance.channel.Category;
import io.relance.channel.SendRequest;
import io.relance.pressure.BroadcastRequests;
import io.relance.pressure.PendingMessage;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The send request of a broadcast's message: the broadcast's template values and its name. The values of recent
 * broadcasts are kept in memory (a bounded number, for an hour after their last use).
 */
@Component
class BroadcastSendRequests implements BroadcastRequests {

    private final BroadcastRepository broadcasts;
    private final Cache<String, Map<String, Object>> variables = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    BroadcastSendRequests(BroadcastRepository broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public SendRequest request(PendingMessage message) {
        Map<String, Object> values = variables.get(message.broadcastId(), this::variables);
        return new SendRequest(message.contactId(), BroadcastService.SCENARIO, null, null, message.idempotencyKey(),
                message.channel(), message.messageType(), Category.COMMERCIAL, values);
    }

    private Map<String, Object> variables(String broadcastId) {
        BroadcastRepository.Row row = broadcasts.find(broadcastId)
                .orElseThrow(() -> new IllegalStateException("No broadcast " + broadcastId));
        Map<String, Object> values = new HashMap<>(broadcasts.variables(row));
        values.put("broadcastName", row.name());
        return Map.copyOf(values);
    }
}
