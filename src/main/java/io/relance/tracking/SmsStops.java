package io.relance.tracking;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.relance.contact.Channel;
import io.relance.contact.ConsentEvidence;
import io.relance.contact.ConsentSource;
import io.relance.contact.ContactService;
import io.relance.event.EventHistory;
import io.relance.event.EventIntakeService;
import io.relance.event.EventRequest;
import io.relance.refusal.Refusal;
import io.relance.scenario.EventType;
import io.relance.scenario.ScenarioVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A STOP text message ({@link StopKeywords}) withdraws the SMS consent of every contact with the sender's number
 * (source {@code sms-stop}, proof: the provider's message id, the text, the sender) and emits {@code Unsubscribed}
 * ({@code channel: sms}) for each through the event intake, so that their scenarios react. The event id derives from
 * the provider's message id: a webhook the provider sends again changes nothing. Other texts, and STOPs from a
 * number of no contact, are acknowledged and change nothing. Logs carry ids and counts, never the number or the text.
 */
@Component
class SmsStops {

    private static final Logger log = LoggerFactory.getLogger(SmsStops.class);
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    /** What became of an inbound text. */
    enum Outcome { NOT_A_STOP, UNKNOWN_NUMBER, STOPPED }

    private final ContactService contacts;
    private final EventHistory events;
    private final EventIntakeService intake;
    private final Clock clock;

    SmsStops(ContactService contacts, EventHistory events, EventIntakeService intake, Clock clock) {
        this.contacts = contacts;
        this.events = events;
        this.intake = intake;
        this.clock = clock;
    }

    Outcome receive(InboundSms sms) {
        if (!sms.complete() || !StopKeywords.isStop(sms.text())) {
            log.info("Inbound SMS {} acknowledged: not a STOP request{}", sms.messageId(),
                    sms.complete() ? "" : " (no sender number or text)");
            return Outcome.NOT_A_STOP;
        }
        List<String> contactIds = contacts.idsWithPhone(sms.from());
        if (contactIds.isEmpty()) {
            log.info("STOP SMS {} acknowledged: its number is no contact's, nothing recorded", sms.messageId());
            return Outcome.UNKNOWN_NUMBER;
        }
        Instant now = clock.instant();
        Instant at = sms.sentAt() == null || sms.sentAt().isAfter(now) ? now : sms.sentAt();
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("messageId", sms.messageId());
        proof.put("text", sms.text());
        proof.put("from", sms.from());
        int withdrawn = 0;
        for (String contactId : contactIds) {
            String eventId = eventId(sms, contactId, at);
            if (events.isRecorded(eventId)) {
                continue;
            }
            if (contacts.withdrawConsent(contactId, Channel.SMS, at, ConsentEvidence.of(ConsentSource.SMS_STOP,
                    proof))) {
                withdrawn++;
            }
            try {
                intake.acceptObserved(new EventRequest(eventId, EventType.UNSUBSCRIBED, contactId,
                        at.atOffset(ZoneOffset.UTC), JsonNodeFactory.instance.objectNode()
                        .put(ScenarioVariables.CHANNEL.name(), Channel.SMS.key())));
            } catch (Refusal e) {
                // Erased meanwhile (404), or a concurrent copy of the same webhook won (409): nothing more to do.
                log.debug("Unsubscribed {} not recorded: {}", eventId, e.getMessage());
            }
        }
        log.info("STOP SMS {}: SMS consent withdrawn for {} of {} contact(s) with that number", sms.messageId(),
                withdrawn, contactIds.size());
        return Outcome.STOPPED;
    }

    /**
     * {@code sms-stop:<message id>:<contact id>} when that is a valid event id, else a digest of the same; without a
     * message id, of the sender, the text and the time instead.
     */
    static String eventId(InboundSms sms, String contactId, Instant at) {
        String key = sms.messageId() != null ? sms.messageId() : sms.from() + "|" + sms.text() + "|" + at;
        String readable = "sms-stop:" + key + ":" + contactId;
        if (sms.messageId() != null && EVENT_ID.matcher(readable).matches()) {
            return readable;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((key + "|" + contactId).getBytes(StandardCharsets.UTF_8));
            return "sms-stop:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
