package io.relance.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.contact.Channel;
import io.relance.contact.ConsentEvidence;
import io.relance.contact.ConsentSource;
import io.relance.contact.ContactService;
import io.relance.event.EventAccepted;
import io.relance.refusal.InvalidFieldsException;
import io.relance.scenario.EventType;
import io.relance.scenario.ScenarioVariables;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code Unsubscribed} event withdraws the consent of its channel (data {@code channel}: {@code email}, the
 * default, {@code sms} or {@code phone}), in the intake's transaction: the withdrawal commits or rolls back with the
 * event. It is recorded in the consent history with source {@code event}, the event id as proof, and the account that
 * posted it. An unknown channel refuses the event (400 naming {@code data.channel}), changing nothing.
 * <p>
 * Relance's own unsubscribe paths (the unsubscribe link, the one-click POST, a STOP text) withdraw the consent with
 * their own source and proof before they emit the event; the event then finds it withdrawn and records nothing: one
 * withdrawal, one record.
 */
@Component
class UnsubscribedEvents {

    private final ContactService contacts;

    UnsubscribedEvents(ContactService contacts) {
        this.contacts = contacts;
    }

    @EventListener
    void on(EventAccepted event) {
        if (!EventType.UNSUBSCRIBED.equals(event.type())) {
            return;
        }
        Channel channel = channel(event.data());
        contacts.withdrawConsent(event.contactId(), channel, event.occurredAt(),
                new ConsentEvidence(ConsentSource.EVENT, Map.of("eventId", event.eventId()), account()));
    }

    /** The channel an {@code Unsubscribed} event names, email when it names none. */
    static Channel channel(ObjectNode data) {
        JsonNode node = data == null ? null : data.get(ScenarioVariables.CHANNEL.name());
        if (node == null || node.isNull()) {
            return Channel.EMAIL;
        }
        String key = node.isTextual() ? node.asText().strip().toLowerCase(Locale.ROOT) : "";
        return Arrays.stream(Channel.values()).filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new InvalidFieldsException("data." + ScenarioVariables.CHANNEL.name(),
                        "must be email (the default), sms or phone"));
    }

    /** The account that posted the event, if any (an API account; none for a visitor's link or a text message). */
    private static String account() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated() ? null : authentication.getName();
    }
}
