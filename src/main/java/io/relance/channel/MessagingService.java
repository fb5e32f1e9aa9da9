package io.relance.channel;

import io.relance.contact.Consent;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.refusal.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place every message goes through, whatever its channel: it checks the contact can be reached and has
 * consented (commercial messages), records the send before and after calling the provider, and makes sure a send is
 * done once — a retried job, a rolled-back transaction or a crash after the provider call never sends it twice.
 * Commercial pressure (category from DMN, caps, arbitration) is asked through the {@link PressureGate}.
 */
@Service
public class MessagingService {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);

    private final ContactService contacts;
    private final CommunicationLog communicationLog;
    private final PressureGate pressure;
    private final Map<MessageChannel, ChannelSender> senders = new EnumMap<>(MessageChannel.class);
    private final SendMetrics metrics;

    MessagingService(ContactService contacts, CommunicationLog communicationLog, PressureGate pressure,
                     List<ChannelSender> senders, SendMetrics metrics) {
        this.metrics = metrics;
        this.contacts = contacts;
        this.communicationLog = communicationLog;
        this.pressure = pressure;
        for (ChannelSender sender : senders) {
            this.senders.put(sender.channel(), sender);
        }
    }

    /**
     * Sends a message from a task that does not wait: transactional messages go at once; a commercial message is
     * decided at once by the pressure rules (arbitrated send tasks wait for their slot instead, see
     * {@code io.relance.pressure}).
     */
    public SendOutcome send(SendRequest request) {
        try (SendContext ignored = SendContext.of(request)) {
            return sendInContext(request);
        }
    }

    private SendOutcome sendInContext(SendRequest request) {
        Optional<CommunicationView> earlier = communicationLog.find(request.idempotencyKey());
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        Checked checked = check(request);
        if (checked.refusal() != null) {
            return suppress(checked.request(), null, checked.refusal(), null);
        }
        SendRequest effective = checked.request();
        String id = UUID.randomUUID().toString();
        if (effective.category() == Category.COMMERCIAL && pressure.arbitrates(effective.channel())) {
            PressureGate.Verdict verdict = pressure.decideNow(effective, checked.contact(), id);
            if (!verdict.granted()) {
                return suppress(effective, verdict.id(), verdict.reason(), verdict.winnerId());
            }
            id = verdict.id();
        }
        return deliver(effective, checked.contact(), id);
    }

    /**
     * Sends a message the arbitration granted, under the communication id it was given. Consent and reachability
     * are checked again (they may have changed while the message waited). Idempotent.
     */
    public SendOutcome sendGranted(SendRequest request, String id) {
        try (SendContext ignored = SendContext.of(request)) {
            return sendGrantedInContext(request, id);
        }
    }

    private SendOutcome sendGrantedInContext(SendRequest request, String id) {
        // No look-up first: a message claimed for delivery is rarely in the log already, and when it is (delivered
        // again after a crash), recording it fails on its idempotency key and the earlier record is replayed.
        Checked checked = check(request);
        if (checked.refusal() != null) {
            return suppress(checked.request(), id, checked.refusal(), null);
        }
        return deliver(checked.request(), checked.contact(), id);
    }

    /** Records a message the arbitration suppressed (idempotent). */
    public SendOutcome recordSuppressed(SendRequest request, String id, String reason, String winnerId) {
        try (SendContext ignored = SendContext.of(request)) {
            Optional<CommunicationView> earlier = communicationLog.find(request.idempotencyKey());
            if (earlier.isPresent()) {
                return replay(earlier.get());
            }
            return suppress(request, id, reason, winnerId);
        }
    }

    /**
     * Renders a message for a preview: as a scenario's send would render it for this contact (a real one, or the
     * sample contact of the templates), with the category the pressure rules give its message type.
     */
    public Previewed preview(MessageChannel channel, String messageType, ContactView contact,
                             Map<String, Object> variables) {
        SendRequest request = testRequest(channel, messageType, contact, variables);
        return new Previewed(request.category(), sender(channel).preview(contact, request, null));
    }

    /**
     * Sends a message as a test to {@code recipient} (an address given by whoever asks, not the contact's): rendered
     * like {@link #preview}, untracked, recorded in the communication log as a test send — never counted in
     * commercial pressure nor in the figures, and without consent or quiet hours (it goes to the asker).
     *
     * @param contactId   the contact whose data it shows (null: the sample contact)
     * @param requestedBy the user who asked, recorded with it
     * @throws ProviderUnavailableException when the provider did not take it (recorded as failed)
     */
    public TestSent testSend(MessageChannel channel, String messageType, ContactView contact, String contactId,
                             Map<String, Object> variables, String recipient, String requestedBy) {
        SendRequest request = testRequest(channel, messageType, contact, variables);
        request = new SendRequest(contactId, null, null, null, "test:" + UUID.randomUUID(), channel, messageType,
                request.category(), request.variables());
        ChannelSender sender = sender(channel);
        ChannelSender.Preview preview = sender.preview(contact, request, recipient);
        String reason = "test send by " + requestedBy;
        try {
            sender.deliver(preview.prepared());
        } catch (ProviderRejectedException e) {
            Communication failed = communicationLog.testSend(request, SendStatus.FAILED, reason + ": " + e.reason(),
                    recipient, preview.subject());
            testLog(failed, requestedBy);
            return new TestSent(failed.getId(), SendStatus.FAILED, e.reason(), request.category(), preview);
        } catch (ProviderUnavailableException e) {
            testLog(communicationLog.testSend(request, SendStatus.FAILED, reason + ": provider unavailable",
                    recipient, preview.subject()), requestedBy);
            throw e;
        }
        Communication sent = communicationLog.testSend(request, SendStatus.SENT, reason, recipient,
                preview.subject());
        testLog(sent, requestedBy);
        return new TestSent(sent.getId(), SendStatus.SENT, null, request.category(), preview);
    }

    private static void testLog(Communication communication, String requestedBy) {
        log.info("Test send: communicationId={} contactId={} channel={} messageType={} requestedBy={} status={}",
                communication.getId(), communication.getContactId(), communication.getChannel().key(),
                communication.getMessageType(), requestedBy, communication.getStatus().key());
    }

    private SendRequest testRequest(MessageChannel channel, String messageType, ContactView contact,
                                    Map<String, Object> variables) {
        SendRequest request = new SendRequest(contact.contactId(), null, null, null, null, channel, messageType,
                Category.COMMERCIAL, java.util.Collections.unmodifiableMap(new java.util.HashMap<>(variables)));
        return request.withCategory(pressure.category(request, contact));
    }

    /** A message rendered for a preview, with the category its message type has. */
    public record Previewed(Category category, ChannelSender.Preview preview) {
    }

    /** The outcome of a test send: its communication log entry, sent or failed (with the provider's reason). */
    public record TestSent(String communicationId, SendStatus status, String reason, Category category,
                           ChannelSender.Preview preview) {
    }

    /** The request with its effective category (from the pressure rules), and why it cannot be sent, if so. */
    public Checked check(SendRequest request) {
        return check(request, contacts.find(request.contactId()));
    }

    /** {@link #check(SendRequest)} with the contact read by the caller (empty: it does not exist). */
    public Checked check(SendRequest request, Optional<ContactView> found) {
        ChannelSender sender = sender(request.channel());
        if (found.isEmpty()) {
            return new Checked(request, null, "contact " + request.contactId() + " does not exist (erased?)");
        }
        ContactView contact = found.get();
        SendRequest effective = request.withCategory(pressure.category(request, contact));
        String unreachable = sender.unreachableReason(contact);
        if (unreachable != null) {
            return new Checked(effective, contact, unreachable);
        }
        return new Checked(effective, contact, consentRefusal(effective.channel(), effective.category(), contact));
    }

    /**
     * Why a message of that category on that channel may not go to the contact for lack of consent (the reason the
     * communication log keeps), or null when it may: transactional messages and channels without consent need none.
     */
    public static String consentRefusal(MessageChannel channel, Category category, ContactView contact) {
        if (category != Category.COMMERCIAL || channel.consent() == null) {
            return null;
        }
        String key = channel.consent().key();
        Consent consent = contact.consents().get(key);
        if (consent == null) {
            return "no " + key + " consent for a commercial message";
        }
        return consent.granted() ? null : key + " consent withdrawn on " + consent.at();
    }

    /** A request checked against its contact: {@code refusal} is null when it may be sent. */
    public record Checked(SendRequest request, ContactView contact, String refusal) {
    }

    private ChannelSender sender(MessageChannel channel) {
        ChannelSender sender = senders.get(channel);
        if (sender == null) {
            throw new IllegalStateException("No sender is configured for channel " + channel.key());
        }
        return sender;
    }

    private SendOutcome deliver(SendRequest request, ContactView contact, String id) {
        ChannelSender sender = sender(request.channel());
        ChannelSender.Prepared prepared = sender.prepare(contact, request, id);
        Communication sending;
        try {
            sending = communicationLog.sending(request, id, prepared);
        } catch (DataIntegrityViolationException e) {
            // The same send was recorded meanwhile by another attempt.
            return replay(communicationLog.find(request.idempotencyKey()).orElseThrow(() -> e));
        }
        Delivery delivery;
        long started = System.nanoTime();
        try {
            delivery = sender.deliver(prepared);
        } catch (ProviderRejectedException e) {
            metrics.providerCall(request.channel(), "rejected", since(started));
            communicationLog.finish(sending, SendStatus.FAILED, e.reason(), null);
            log.info("{} '{}' to contact {} failed for good: {}", request.channel().key(), request.messageType(),
                    request.contactId(), e.reason());
            recorded(request, id, SendStatus.FAILED, null);
            return new SendOutcome(SendStatus.FAILED, e.reason(), id);
        } catch (ProviderOutcomeUnknownException e) {
            metrics.providerCall(request.channel(), "unknown", since(started));
            // Perhaps delivered: the send stays "sending", with the reason, and is not sent again.
            Communication unknown = communicationLog.finish(sending, SendStatus.SENDING, e.reason(), null);
            log.warn("Send: communicationId={} contactId={} instanceId={} channel={} messageType={} status=unknown"
                            + " reason=\"{}\" (perhaps delivered: not sent again; an operator checks the provider and"
                            + " records the outcome)", id, request.contactId(), request.processInstanceId(),
                    request.channel().key(), request.messageType(), e.reason());
            throw new SendOutcomeUnknownException(unknown, e.reason(), e);
        } catch (RuntimeException e) {
            metrics.providerCall(request.channel(), "unavailable", since(started));
            // Not accepted by the provider (unavailable, or an error before the hand-over): a retry sends it.
            communicationLog.forget(id);
            log.info("Send: communicationId={} contactId={} instanceId={} channel={} messageType={} status=retry",
                    id, request.contactId(), request.processInstanceId(), request.channel().key(),
                    request.messageType());
            throw e;
        }
        metrics.providerCall(request.channel(), "accepted", since(started));
        communicationLog.finish(sending, SendStatus.SENT, null, delivery);
        recorded(request, id, SendStatus.SENT, null);
        return new SendOutcome(SendStatus.SENT, null, id);
    }

    /**
     * Records what an operator found at the provider for a send whose outcome is unknown (status {@code sending}):
     * sent, or not sent — then its record is removed, so that retrying its task sends it.
     *
     * @throws OutcomeRefusedException no such send, or its outcome is known
     */
    public void recordOperatorOutcome(String communicationId, boolean sent, String note) {
        CommunicationView communication = communicationLog.byId(communicationId).orElseThrow(
                () -> new OutcomeRefusedException(Refusal.Reason.NOT_FOUND, "Communication not found",
                        "No communication " + communicationId));
        if (communication.getStatus() != SendStatus.SENDING) {
            throw new OutcomeRefusedException(Refusal.Reason.CONFLICT, "Outcome already known",
                    "Communication " + communicationId + " is " + communication.getStatus().key()
                            + ": only a send whose outcome is unknown (sending) takes an operator's outcome");
        }
        String reason = "outcome recorded by an operator" + (note == null || note.isBlank() ? "" : ": " + note.strip());
        if (sent) {
            communicationLog.finish(communicationId, SendStatus.SENT, reason, null);
        } else {
            communicationLog.forget(communicationId);
        }
        log.info("Send: communicationId={} contactId={} instanceId={} channel={} messageType={} status={} (recorded by"
                        + " an operator; retry the task to go on)", communicationId, communication.getContactId(),
                communication.getProcessInstanceId(), communication.getChannel().key(),
                communication.getMessageType(), sent ? SendStatus.SENT.key() : "not-sent");
    }

    private static java.time.Duration since(long startedNanos) {
        return java.time.Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * The one line per send an operator follows a message with: ids, channel, message type, category and status
     * (the reason only for suppressions, whose reasons Relance writes itself: a provider's words may quote the
     * address); and the count {@code relance.messages}.
     */
    private void recorded(SendRequest request, String communicationId, SendStatus status, String reason) {
        metrics.recorded(request, status);
        String category = request.category() == null ? null : request.category().name().toLowerCase(
                java.util.Locale.ROOT);
        if (reason == null) {
            log.info("Send: communicationId={} contactId={} instanceId={} channel={} messageType={} category={}"
                            + " status={}", communicationId, request.contactId(), request.processInstanceId(),
                    request.channel().key(), request.messageType(), category, status.key());
        } else {
            log.info("Send: communicationId={} contactId={} instanceId={} channel={} messageType={} category={}"
                            + " status={} reason=\"{}\"", communicationId, request.contactId(),
                    request.processInstanceId(), request.channel().key(), request.messageType(), category,
                    status.key(), reason);
        }
    }

    private SendOutcome suppress(SendRequest request, String id, String reason, String winnerId) {
        try {
            Communication communication = communicationLog.suppressed(request, id, reason, winnerId);
            recorded(request, communication.getId(), SendStatus.SUPPRESSED, reason);
            return new SendOutcome(SendStatus.SUPPRESSED, reason, communication.getId());
        } catch (DataIntegrityViolationException e) {
            return replay(communicationLog.find(request.idempotencyKey()).orElseThrow(() -> e));
        }
    }

    private static SendOutcome replay(CommunicationView earlier) {
        if (earlier.getStatus() == SendStatus.SENDING) {
            throw new SendOutcomeUnknownException(earlier, earlier.getReason() != null ? earlier.getReason()
                    : "an earlier attempt called the provider and recorded no outcome (stopped in between?)", null);
        }
        return new SendOutcome(earlier.getStatus(), earlier.getReason(), earlier.getId());
    }
}
