package io.relance.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.util.Map;
import java.util.function.Supplier;

/**
 * Text messages contacts send to Relance's number (Vonage inbound-message webhook: GET, or POST as a form or JSON)
 * at {@code /t/sms-in/<secret key>}, the URL logged at start-up. A STOP withdraws SMS consent ({@link SmsStops}).
 * Every well-addressed request is answered 200, whatever the text (providers retry on errors); an unknown key is a
 * 404, a POST body that is not a JSON object a 400.
 */
@RestController
class InboundSmsController implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(InboundSmsController.class);

    private final TrackingTokens tokens;
    private final SmsStops stops;
    private final ObjectMapper json;

    InboundSmsController(TrackingTokens tokens, SmsStops stops, ObjectMapper json) {
        this.tokens = tokens;
        this.stops = stops;
        this.json = json;
    }

    @Override
    public void afterPropertiesSet() {
        log.info("Inbound SMS (STOP replies) are received at {} (give this URL to the SMS provider: Vonage dashboard,"
                + " your number's or the account's inbound webhook)", tokens.inboundSmsUrl());
    }

    @GetMapping("/t/sms-in/{key}")
    ResponseEntity<Void> byQuery(@PathVariable String key, @RequestParam Map<String, String> parameters) {
        return handle(key, () -> InboundSms.fromParameters(parameters));
    }

    @PostMapping(value = "/t/sms-in/{key}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Void> byForm(@PathVariable String key, @RequestParam Map<String, String> parameters) {
        return handle(key, () -> InboundSms.fromParameters(parameters));
    }

    @PostMapping(value = "/t/sms-in/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> byJson(@PathVariable String key, @RequestBody(required = false) String body) {
        return handle(key, () -> InboundSms.fromJson(json, body));
    }

    private ResponseEntity<Void> handle(String key, Supplier<InboundSms> parse) {
        if (!tokens.isInboundSmsKey(key)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        InboundSms sms;
        try {
            sms = parse.get();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        stops.receive(sms);
        return ResponseEntity.ok().build();
    }
}
