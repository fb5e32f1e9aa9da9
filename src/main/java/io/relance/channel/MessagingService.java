package io.relance.channel;

import io.relance.contact.Consent;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
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
 * Commercial pressure rules (quiet hours, caps, arbitration) plug in here.
 */
@Service
public class MessagingService {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);

    private final ContactService contacts;
    private final CommunicationLog communicationLog;
    private final Map<MessageChannel, ChannelSender> senders = new EnumMap<>(MessageChannel.class);

    MessagingService(ContactService contacts, CommunicationLog communicationLog, List<ChannelSender> senders) {
        this.contacts = contacts;
        this.communicationLog = communicationLog;
        for (ChannelSender sender : senders) {
            this.senders.put(sender.channel(), sender);
        }
    }

    public SendOutcome send(SendRequest request) {
        Optional<Communication> earlier = communicationLog.find(request.idempotencyKey());
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        ChannelSender sender = senders.get(request.channel());
        if (sender == null) {
            throw new IllegalStateException("No sender is configured for channel " + request.channel().key());
        }
        Optional<ContactView> found = contacts.find(request.contactId());
        if (found.isEmpty()) {
            return suppress(request, "contact " + request.contactId() + " does not exist (erased?)");
        }
        ContactView contact = found.get();
        String unreachable = sender.unreachableReason(contact);
        if (unreachable != null) {
            return suppress(request, unreachable);
        }
        if (request.category() == Category.COMMERCIAL && request.channel().consent() != null) {
            Consent consent = contact.consents().get(request.channel().consent().key());
            if (consent == null || !consent.granted()) {
                return suppress(request, consent == null
                        ? "no " + request.channel().consent().key() + " consent for a commercial message"
                        : request.channel().consent().key() + " consent withdrawn on " + consent.at());
            }
        }
        String id = UUID.randomUUID().toString();
        ChannelSender.Prepared prepared = sender.prepare(contact, request, id);
        try {
            communicationLog.sending(request, id, prepared);
        } catch (DataIntegrityViolationException e) {
            // The same send was recorded meanwhile by another attempt.
            return replay(communicationLog.find(request.idempotencyKey()).orElseThrow(() -> e));
        }
        Delivery delivery;
        try {
            delivery = sender.deliver(prepared);
        } catch (ProviderRejectedException e) {
            communicationLog.finish(id, SendStatus.FAILED, e.reason(), null);
            log.info("{} '{}' to contact {} failed for good: {}", request.channel().key(), request.messageType(),
                    request.contactId(), e.reason());
            return new SendOutcome(SendStatus.FAILED, e.reason(), id);
        } catch (RuntimeException e) {
            // Not accepted by the provider (unavailable, or an error before the hand-over): a retry sends it.
            communicationLog.forget(id);
            throw e;
        }
        communicationLog.finish(id, SendStatus.SENT, null, delivery);
        return new SendOutcome(SendStatus.SENT, null, id);
    }

    private SendOutcome suppress(SendRequest request, String reason) {
        try {
            Communication communication = communicationLog.suppressed(request, reason);
            return new SendOutcome(SendStatus.SUPPRESSED, reason, communication.getId());
        } catch (DataIntegrityViolationException e) {
            return replay(communicationLog.find(request.idempotencyKey()).orElseThrow(() -> e));
        }
    }

    private static SendOutcome replay(Communication earlier) {
        if (earlier.getStatus() == SendStatus.SENDING) {
            throw new SendOutcomeUnknownException(earlier);
        }
        return new SendOutcome(earlier.getStatus(), earlier.getReason(), earlier.getId());
    }
}
