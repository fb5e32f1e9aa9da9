package io.relance.channel.sms;

import io.relance.channel.Category;
import io.relance.channel.ChannelSender;
import io.relance.channel.Delivery;
import io.relance.channel.MessageChannel;
import io.relance.channel.SendRequest;
import io.relance.contact.ContactView;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> model = new HashMap<>(request.variables());
        model.put("firstName", contact.firstName());
        model.put("lastName", contact.lastName());
        String body = templates.render(request.messageType(), contact.locale(), model);
        SmsText.Composed composed = smsText.compose(body, request.category() == Category.COMMERCIAL);
        // The communication id is the reference the provider echoes in its delivery receipts.
        return new Prepared(contact.phone(), null, List.of(),
                new SmsMessage(contact.phone(), composed.text(), communicationId));
    }

    @Override
    public Delivery deliver(Prepared message) {
        SmsMessage sms = (SmsMessage) message.payload();
        SmsReceipt receipt = gateway.send(sms);
        return new Delivery(receipt.providerMessageId(), sms.to(), null);
    }
}
