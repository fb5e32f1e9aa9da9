package io.relance.channel.sms;

import io.relance.channel.Category;
import io.relance.channel.ChannelSender;
import io.relance.channel.Delivery;
import io.relance.channel.MessageChannel;
import io.relance.channel.SendRequest;
import io.relance.channel.template.MessageTemplates;
import io.relance.contact.ContactView;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SMS through the configured {@link SmsGateway}; commercial texts end with the opt-out mention. */
@Component
class SmsSender implements ChannelSender {

    private final SmsGateway gateway;
    private final SmsTemplates templates;
    private final SmsText smsText;

    SmsSender(SmsGateway gateway, SmsTemplates templates, SmsText smsText) {
        this.gateway = gateway;
        this.templates = templates;
        this.smsText = smsText;
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.SMS;
    }

    @Override
    public String unreachableReason(ContactView contact) {
        return contact.phone() == null || contact.phone().isBlank() ? "no phone number" : null;
    }

    @Override
    public Prepared prepare(ContactView contact, SendRequest request, String communicationId) {
        SmsText.Composed composed = compose(contact, request);
        // The communication id is the reference the provider echoes in its delivery receipts.
        return new Prepared(contact.phone(), null, List.of(),
                new SmsMessage(contact.phone(), composed.text(), communicationId));
    }

    /** The SMS as {@link #prepare} writes it, with its encoding and segments, to {@code recipient}. */
    @Override
    public Preview preview(ContactView contact, SendRequest request, String recipient) {
        SmsText.Composed composed = compose(contact, request);
        // A reference fits the provider's 40 characters: "test-" and the 32 hex digits of a UUID.
        SmsMessage message = recipient == null ? null
                : new SmsMessage(recipient, composed.text(), "test-" + UUID.randomUUID().toString().replace("-", ""));
        return new Preview(recipient, null, null, composed.text(), composed.size().encoding().name().replace("_", "-"),
                composed.size().segments(), new Prepared(recipient, null, List.of(), message));
    }

    private SmsText.Composed compose(ContactView contact, SendRequest request) {
        Map<String, Object> model = new HashMap<>(request.variables());
        model.putAll(MessageTemplates.contactFields(contact));
        String body = templates.render(request.messageType(), contact.locale(), model);
        return smsText.compose(body, request.category() == Category.COMMERCIAL);
    }

    @Override
    public Delivery deliver(Prepared message) {
        SmsMessage sms = (SmsMessage) message.payload();
        SmsReceipt receipt = gateway.send(sms);
        return new Delivery(receipt.providerMessageId(), sms.to(), null);
    }
}
