package io.relance.channel.sms;

import io.relance.channel.ProviderRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * <b>Development only.</b> The {@link SmsGateway} of the embedded default, active when no
 * {@code relance.sms.gateway-url} is set: it sends nothing and keeps the last {@value #CAPACITY} messages in this
 * node's memory (lost at restart, invisible to other nodes), so that scenarios run on a bare machine and tests
 * can look at what would have gone out. Like a gateway, it refuses numbers that are not E.164.
 */
@NamedInterface("sinks")
public final class SmsSink implements SmsGateway {

    public static final int CAPACITY = 1000;

    private static final Logger log = LoggerFactory.getLogger(SmsSink.class);

    private final Deque<SmsMessage> messages = new ArrayDeque<>();
    private final int capacity;

    public SmsSink() {
        this(CAPACITY);
    }

    SmsSink(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
        if (!E164.isValid(message.to())) {
            throw new ProviderRejectedException("Not an E.164 phone number (expected + and 7 to 15 digits); SMS "
                    + message.reference() + " not sent");
        }
        synchronized (messages) {
            if (messages.size() == capacity) {
                messages.removeFirst();
            }
            messages.addLast(message);
        }
        SmsText.Size size = SmsText.measure(message.text());
        log.info("SMS {} kept in memory, not sent (no relance.sms.gateway-url): {} segment(s), {}", message.reference(),
                size.segments(), size.encoding());
        return new SmsReceipt("sink-" + UUID.randomUUID());
    }

    /** The messages kept, oldest first. */
    public List<SmsMessage> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }
}
