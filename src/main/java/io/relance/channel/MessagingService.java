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
        return sendGrantedAll(List.of(new Granted(request, id)), () -> true).get(0).outcomeOrThrow();
    }

    /** A message the arbitration granted, and the communication id it was given. */
    public record Granted(SendRequest request, String id) {
    }

    /**
     * What became of a granted message sent with others ({@link #sendGrantedAll}): its {@code outcome}; or the
     * {@code failure} its send alone would have thrown ({@link SendOutcomeUnknownException}, the provider unavailable,
     * a text that does not render), with {@code tried} false when it was not handed over because its channel's
     * provider had just failed for an earlier message of the group; or neither when it was not tried because
     * {@code keepGoing} said stop (hand it back: it is sent later). With an outcome, the {@code contact} as read for
     * the send (null: it no longer exists).
     */
    public record GrantedResult(SendOutcome outcome, RuntimeException failure, boolean tried, ContactView contact) {

        static final GrantedResult STOPPED = new GrantedResult(null, null, false, null);

        static GrantedResult of(SendOutcome outcome, ContactView contact) {
            return new GrantedResult(outcome, null, true, contact);
        }

        static GrantedResult failed(RuntimeException failure) {
            return new GrantedResult(null, failure, true, null);
        }

        /** Not tried: the group stopped before it. */
        public boolean stopped() {
            return outcome == null && failure == null;
        }

        SendOutcome outcomeOrThrow() {
            if (failure != null) {
                throw failure;
            }
            if (outcome == null) {
                throw new IllegalStateException("A send was stopped before it was tried");
            }
            return outcome;
        }
    }

    /**
     * Sends granted messages as a group, in order, each as {@link #sendGranted} would, with their contacts read at
     * once, their records written before the hand-over in one transaction and their outcomes in another (instead of
     * two commits per message). A message whose channel's provider failed earlier in the group is not handed over
     * (a failure, not tried); {@code keepGoing} is asked before each hand-over. A crash in the middle leaves the
     * messages of the group recorded as {@code sending} (perhaps delivered: never sent again blindly).
     *
     * @return one result per message, in the order given
     */
    public List<GrantedResult> sendGrantedAll(List<Granted> messages, java.util.function.BooleanSupplier keepGoing) {
        GrantedResult[] results = new GrantedResult[messages.size()];
        Map<String, ContactView> found = new java.util.HashMap<>();
        contacts.findAll(messages.stream().map(m -> m.request().contactId()).distinct().toList())
                .forEach(contact -> found.put(contact.contactId(), contact));
        List<Item> items = new java.util.ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Granted message = messages.get(i);
            try (SendContext ignored = SendContext.of(message.request())) {
                Checked checked = check(message.request(), Optional.ofNullable(found.get(message.request()
                        .contactId())));
                if (checked.refusal() != null) {
                    results[i] = GrantedResult.of(suppress(checked.request(), message.id(), checked.refusal(), null),
                            found.get(message.request().contactId()));
                } else {
                    items.add(new Item(i, checked.request(), checked.contact(), message.id()));
                }
            } catch (RuntimeException e) {
                results[i] = GrantedResult.failed(e);
            }
        }
        deliverAll(items, results, keepGoing);
        return java.util.Arrays.asList(results);
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

    /** Lets each channel read at once what preparing its messages of the group needs; a failure here is not one. */
    private void readAhead(List<Item> items) {
        Map<MessageChannel, List<SendRequest>> byChannel = new EnumMap<>(MessageChannel.class);
        items.forEach(item -> byChannel.computeIfAbsent(item.request.channel(), c -> new java.util.ArrayList<>())
                .add(item.request));
        byChannel.forEach((channel, requests) -> {
            try {
                sender(channel).readAhead(requests);
            } catch (RuntimeException e) {
                log.debug("Reading ahead for {} {} messages failed ({}): each reads for itself", requests.size(),
                        channel.key(), e.toString());
            }
        });
    }

    private SendOutcome deliver(SendRequest request, ContactView contact, String id) {
        GrantedResult[] result = new GrantedResult[1];
        deliverAll(List.of(new Item(0, request, contact, id)), result, () -> true);
        return result[0].outcomeOrThrow();
    }

    /** A message of a group being delivered: where its result goes, what it sends, and its record once written. */
    private static final class Item {
        final int index;
        final SendRequest request;
        final ContactView contact;
        final String id;
        ChannelSender.Prepared prepared;
        Communication sending;
        CommunicationLog.Outcome outcome;
        ProviderOutcomeUnknownException unknown;

        Item(int index, SendRequest request, ContactView contact, String id) {
            this.index = index;
            this.request = request;
            this.contact = contact;
            this.id = id;
        }
    }

    /**
     * Delivers checked messages: renders each, records them all as {@code sending} (one transaction), hands them to
     * their providers one after the other, then writes the outcomes and forgets the sends not handed over (one
     * transaction); the results go to {@code results} at each item's index.
     */
    private void deliverAll(List<Item> items, GrantedResult[] results, java.util.function.BooleanSupplier keepGoing) {
        List<Item> prepared = new java.util.ArrayList<>(items.size());
        if (items.size() > 1) {
            readAhead(items);
        }
        for (Item item : items) {
            try (SendContext ignored = SendContext.of(item.request)) {
                item.prepared = sender(item.request.channel()).prepare(item.contact, item.request, item.id);
                prepared.add(item);
            } catch (RuntimeException e) {
                results[item.index] = GrantedResult.failed(e);
            }
        }
        List<Item> recorded = recordSending(prepared, results);
        java.util.Set<MessageChannel> down = java.util.EnumSet.noneOf(MessageChannel.class);
        List<String> notHandedOver = new java.util.ArrayList<>();
        List<CommunicationLog.Outcome> outcomes = new java.util.ArrayList<>(recorded.size());
        for (Item item : recorded) {
            MessageChannel channel = item.request.channel();
            if (down.contains(channel)) {
                notHandedOver.add(item.id);
                results[item.index] = new GrantedResult(null, new ProviderUnavailableException("not handed to the "
                        + channel.key() + " provider: it failed for an earlier message of the same round"), false, null);
                continue;
            }
            if (!keepGoing.getAsBoolean()) {
                notHandedOver.add(item.id);
                results[item.index] = GrantedResult.STOPPED;
                continue;
            }
            try (SendContext ignored = SendContext.of(item.request)) {
                item.outcome = handOver(item, results);
            }
            if (item.outcome != null) {
                outcomes.add(item.outcome);
            } else {
                notHandedOver.add(item.id);
                down.add(channel);
            }
        }
        if (!outcomes.isEmpty() || !notHandedOver.isEmpty()) {
            communicationLog.finishAll(outcomes, notHandedOver);
        }
        for (Item item : recorded) {
            if (item.outcome != null) {
                try (SendContext ignored = SendContext.of(item.request)) {
                    results[item.index] = finished(item);
                }
            }
        }
    }

    /** Records the items as {@code sending}: together, else one by one (a send recorded meanwhile is replayed). */
    private List<Item> recordSending(List<Item> items, GrantedResult[] results) {
        if (items.isEmpty()) {
            return items;
        }
        if (items.size() > 1) {
            try {
                List<Communication> records = communicationLog.sendingAll(items.stream().map(item ->
                        new CommunicationLog.Sending(item.request, item.id, item.prepared)).toList());
                for (int i = 0; i < items.size(); i++) {
                    items.get(i).sending = records.get(i);
                }
                return items;
            } catch (DataIntegrityViolationException e) {
                log.info("Recording {} sends together failed ({}); recording them one by one", items.size(),
                        e.getMostSpecificCause().toString());
            }
        }
        List<Item> recorded = new java.util.ArrayList<>(items.size());
        for (Item item : items) {
            try (SendContext ignored = SendContext.of(item.request)) {
                try {
                    item.sending = communicationLog.sending(item.request, item.id, item.prepared);
                    recorded.add(item);
                } catch (DataIntegrityViolationException e) {
                    // The same send was recorded meanwhile by another attempt.
                    results[item.index] = GrantedResult.of(replay(communicationLog.find(item.request.idempotencyKey())
                            .orElseThrow(() -> e)), item.contact);
                }
            } catch (RuntimeException e) {
                results[item.index] = GrantedResult.failed(e);
            }
        }
        return recorded;
    }

    /**
     * Hands one recorded message to its provider: the outcome to write, or null when the provider certainly did not
     * take it (its failure is the item's result: a retry sends it).
     */
    private CommunicationLog.Outcome handOver(Item item, GrantedResult[] results) {
        SendRequest request = item.request;
        long started = System.nanoTime();
        try {
            Delivery delivery = sender(request.channel()).deliver(item.prepared);
            metrics.providerCall(request.channel(), "accepted", since(started));
            return new CommunicationLog.Outcome(item.sending, SendStatus.SENT, null, delivery);
        } catch (ProviderRejectedException e) {
            metrics.providerCall(request.channel(), "rejected", since(started));
            return new CommunicationLog.Outcome(item.sending, SendStatus.FAILED, e.reason(), null);
        } catch (ProviderOutcomeUnknownException e) {
            metrics.providerCall(request.channel(), "unknown", since(started));
            // Perhaps delivered: the send stays "sending", with the reason, and is not sent again.
            item.unknown = e;
            return new CommunicationLog.Outcome(item.sending, SendStatus.SENDING, e.reason(), null);
        } catch (RuntimeException e) {
            metrics.providerCall(request.channel(), "unavailable", since(started));
            // Not accepted by the provider (unavailable, or an error before the hand-over): a retry sends it.
            log.info("Send: communicationId={} contactId={} instanceId={} channel={} messageType={} status=retry",
                    item.id, request.contactId(), request.processInstanceId(), request.channel().key(),
                    request.messageType());
            results[item.index] = GrantedResult.failed(e);
            return null;
        }
    }

    /** The result of a message whose outcome was written: its line, its count. */
    private GrantedResult finished(Item item) {
        SendRequest request = item.request;
        CommunicationLog.Outcome outcome = item.outcome;
        switch (outcome.result()) {
            case SENDING -> {
                log.warn("Send: communicationId={} contactId={} instanceId={} channel={} messageType={}"
                                + " status=unknown reason=\"{}\" (perhaps delivered: not sent again; an operator checks"
                                + " the provider and records the outcome)", item.id, request.contactId(),
                        request.processInstanceId(), request.channel().key(), request.messageType(),
                        outcome.reason());
                return GrantedResult.failed(new SendOutcomeUnknownException(item.sending, outcome.reason(),
                        item.unknown));
            }
            case FAILED -> {
                log.info("{} '{}' to contact {} failed for good: {}", request.channel().key(), request.messageType(),
                        request.contactId(), outcome.reason());
                recorded(request, item.id, SendStatus.FAILED, null);
                return GrantedResult.of(new SendOutcome(SendStatus.FAILED, outcome.reason(), item.id), item.contact);
            }
            default -> {
                recorded(request, item.id, SendStatus.SENT, null);
                return GrantedResult.of(new SendOutcome(SendStatus.SENT, null, item.id), item.contact);
            }
        }
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
