package io.relance.tracking;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.relance.channel.CommunicationLog;
import io.relance.channel.CommunicationView;
import io.relance.channel.MessageChannel;
import io.relance.channel.sms.DeliveryReceipt;
import io.relance.channel.sms.VonageDeliveryReceipts;
import io.relance.event.EventIntakeService;
import io.relance.event.EventRequest;
import io.relance.refusal.Refusal;
import io.relance.scenario.EventType;
import io.relance.scenario.ScenarioVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * SMS delivery receipts (Vonage DLR, GET or POST) at {@code /t/sms/<secret key>}: a delivered or failed SMS becomes
 * the event {@code SmsDelivered} or {@code SmsFailed} of its contact through the event intake. An unknown key or a
 * receipt for no SMS of Relance is a 404 and records nothing; pending states are acknowledged and ignored.
 */
@RestController
class SmsReceiptController implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SmsReceiptController.class);

    private final TrackingTokens tokens;
    private final VonageDeliveryReceipts receipts;
    private final CommunicationLog communications;
    private final EventIntakeService intake;
    private final Clock clock;

    SmsReceiptController(TrackingTokens tokens, VonageDeliveryReceipts receipts, CommunicationLog communications,
                         EventIntakeService intake, Clock clock) {
        this.tokens = tokens;
        this.receipts = receipts;
        this.communications = communications;
        this.intake = intake;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        log.info("SMS delivery receipts are received at {} (give this URL to the SMS provider, e.g."
                + " relance.sms.delivery-receipt-url)", tokens.smsReceiptUrl());
    }

    @GetMapping("/t/sms/{key}")
    ResponseEntity<Void> receiptByQuery(@PathVariable String key, @RequestParam Map<String, String> parameters) {
        return handle(key, () -> receipts.fromParameters(parameters));
    }

    @PostMapping(value = "/t/sms/{key}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Void> receiptByForm(@PathVariable String key, @RequestParam Map<String, String> parameters) {
        return handle(key, () -> receipts.fromParameters(parameters));
    }

    @PostMapping(value = "/t/sms/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> receiptByJson(@PathVariable String key, @RequestBody String body) {
        return handle(key, () -> receipts.fromJson(body));
    }

    private ResponseEntity<Void> handle(String key, java.util.function.Supplier<DeliveryReceipt> parse) {
        if (!tokens.isReceiptKey(key)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        DeliveryReceipt receipt;
        try {
            receipt = parse.get();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        CommunicationView sms = receipt.reference() == null ? null
                : communications.byId(receipt.reference()).filter(c -> c.getChannel() == MessageChannel.SMS)
                .orElse(null);
        if (sms == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (receipt.outcome() == DeliveryReceipt.Outcome.PENDING) {
            return ResponseEntity.noContent().build();
        }
        String type = receipt.outcome() == DeliveryReceipt.Outcome.DELIVERED ? EventType.SMS_DELIVERED : EventType.SMS_FAILED;
        try {
            intake.acceptObserved(new EventRequest("sms-" + type + "-" + sms.getId(), type, sms.getContactId(),
                    (receipt.at() == null ? clock.instant() : receipt.at()).atOffset(ZoneOffset.UTC),
                    JsonNodeFactory.instance.objectNode()
                            .put(ScenarioVariables.COMMUNICATION_ID.name(), sms.getId())
                            .put(ScenarioVariables.MESSAGE_TYPE.name(), sms.getMessageType())
                            .put("detail", receipt.detail())));
        } catch (Refusal e) {
            log.debug("Receipt of SMS {} not recorded: {}", sms.getId(), e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }
}
