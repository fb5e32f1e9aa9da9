package io.relance.channel.webhook;

import io.relance.channel.ChannelSender;
import io.relance.channel.Delivery;
import io.relance.channel.MessageChannel;
import io.relance.channel.SendRequest;
import io.relance.contact.ContactView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhook calls (push notification or postal-mail provider, CRM): the message as signed JSON to the task's
 * {@code webhookUrl} or {@code relance.webhook.url}; with neither, to the in-process {@link WebhookSink}.
 *
 * <p>The {@code Idempotency-Key} is the send's own key ({@link SendRequest#idempotencyKey()}), the same for every
 * attempt and for a later retry of the task (which records the send under a new communication id): a receiver that
 * may have received an attempt before a timeout recognises the repeat, so webhook calls are retried
 * ({@link io.relance.channel.http.ResilientHttp.Repeats#RECOGNISED}).
 */
@Component
class WebhookSender implements ChannelSender {

    static final String URL_INPUT = "webhookUrl";

    private final WebhookClient client;
    private final WebhookSink sink;
    private final Clock clock;
    private final boolean defaultUrl;

    WebhookSender(WebhookClient client, WebhookSink sink, Clock clock,
                  @Value("${relance.webhook.url:}") String defaultUrl) {
        this.client = client;
        this.sink = sink;
        this.clock = clock;
        this.defaultUrl = defaultUrl != null && !defaultUrl.isBlank();
    }

    private record Call(String url, String idempotencyKey, Map<String, Object> body) {
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.WEBHOOK;
    }

    @Override
    public String unreachableReason(ContactView contact) {
        return null;
    }

    @Override
    public Prepared prepare(ContactView contact, SendRequest request, String communicationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("communicationId", communicationId);
        body.put("messageType", request.messageType());
        body.put("category", request.category().key());
        body.put("scenario", request.scenario());
        body.put("processInstanceId", request.processInstanceId());
        body.put("contact", contact);
        Map<String, Object> variables = new LinkedHashMap<>(request.variables());
        variables.remove(URL_INPUT);
        body.put("variables", variables);
        Object url = request.variables().get(URL_INPUT);
        String target = url instanceof String s && !s.isBlank() ? s.strip() : null;
        return new Prepared(target != null ? target : defaultUrl ? "(relance.webhook.url)" : "(in-process sink)",
                null, List.of(), new Call(target, request.idempotencyKey(), body));
    }

    @Override
    public Delivery deliver(Prepared message) {
        Call call = (Call) message.payload();
        if (call.url() == null && !defaultUrl) {
            sink.record(new WebhookSink.Call(clock.instant(), call.idempotencyKey(), call.body()));
            return new Delivery("sink", message.recipient(), null);
        }
        WebhookDelivery delivery = call.url() == null ? client.post(call.idempotencyKey(), call.body())
                : client.post(call.url(), call.idempotencyKey(), call.body());
        return new Delivery("HTTP " + delivery.status(), message.recipient(), null);
    }
}
