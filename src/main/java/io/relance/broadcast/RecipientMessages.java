package io.relance.broadcast;

import io.relance.channel.MessageChannel;
import io.relance.contact.Audience;
import io.relance.pressure.MessageRules;
import io.relance.pressure.PendingMessage;
import io.relance.pressure.SendSlots;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the pending message of each recipient of a broadcast: its priority from the rules (by the recipient's value
 * tier), decided at the send slot of the broadcast's day in the recipient's time zone (or now, when that day has
 * begun there).
 */
@Component
class RecipientMessages {

    private final MessageRules rules;
    private final SendSlots slots;

    RecipientMessages(MessageRules rules, SendSlots slots) {
        this.rules = rules;
        this.slots = slots;
    }

    /** A builder for one broadcast's registration (it keeps the ranks per value tier it has asked for). */
    Builder of(String broadcastId, String messageType, MessageChannel channel, LocalDate sendOn) {
        return new Builder(broadcastId, messageType, channel, sendOn);
    }

    final class Builder {

        private final String broadcastId;
        private final String messageType;
        private final MessageChannel channel;
        private final LocalDate sendOn;
        private final Map<String, MessageRules.Rank> ranks = new HashMap<>();

        private Builder(String broadcastId, String messageType, MessageChannel channel, LocalDate sendOn) {
            this.broadcastId = broadcastId;
            this.messageType = messageType;
            this.channel = channel;
            this.sendOn = sendOn;
        }

        List<PendingMessage> messages(List<Audience.Member> recipients, Instant now) {
            List<PendingMessage> messages = new ArrayList<>(recipients.size());
            for (Audience.Member recipient : recipients) {
                ZoneId zone = slots.zone(recipient.timeZone());
                Instant start = sendOn.atStartOfDay(zone).toInstant();
                String valueTier = rules.valueTier(recipient.attributes());
                MessageRules.Rank rank = ranks.computeIfAbsent(String.valueOf(valueTier),
                        tier -> rules.rank(messageType, channel, valueTier));
                Instant decideAt = slots.decideAt(channel, now.isAfter(start) ? now : start, zone,
                        rank.waitsForSlot());
                messages.add(new PendingMessage(UUID.randomUUID().toString(), "broadcast:" + broadcastId + ":"
                        + recipient.contactId(), recipient.contactId(), channel, messageType, rank.priority(),
                        BroadcastService.SCENARIO, null, null, null, broadcastId, decideAt, decideAt,
                        slots.windowEnd(decideAt, zone), PendingMessage.Status.PENDING, null, null, now));
            }
            return messages;
        }
    }
}
