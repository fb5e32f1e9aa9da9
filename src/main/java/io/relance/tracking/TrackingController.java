package io.relance.tracking;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.channel.CommunicationLog;
import io.relance.channel.CommunicationView;
import io.relance.contact.Channel;
import io.relance.contact.ConsentEvidence;
import io.relance.contact.ConsentSource;
import io.relance.contact.ContactService;
import io.relance.event.EventIntakeService;
import io.relance.event.EventRequest;
import io.relance.refusal.Refusal;
import io.relance.scenario.EventType;
import io.relance.scenario.ScenarioVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * The public links of messages (no login): open pixel, click redirect, unsubscribe page and one-click unsubscribe
 * (RFC 8058). Each turns into an event of the contact through the event intake ({@code EmailOpened},
 * {@code LinkClicked}, {@code Unsubscribed}), so scenarios can wait for it. A forged, altered or unknown token is a
 * plain 404 and records nothing; the redirect only leads to a link of the message itself.
 */
@Controller
class TrackingController {

    private static final Logger log = LoggerFactory.getLogger(TrackingController.class);

    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final TrackingTokens tokens;
    private final CommunicationLog communications;
    private final ContactService contacts;
    private final EventIntakeService intake;
    private final Clock clock;

    TrackingController(TrackingTokens tokens, CommunicationLog communications, ContactService contacts,
                       EventIntakeService intake, Clock clock) {
        this.tokens = tokens;
        this.communications = communications;
        this.contacts = contacts;
        this.intake = intake;
        this.clock = clock;
    }

    @GetMapping("/t/o/{token}")
    ResponseEntity<byte[]> open(@PathVariable String token) {
        CommunicationView communication = communication(TrackingTokens.Kind.OPEN, token).communication();
        // The first open only: the event id makes later opens of the same message a no-op.
        observe("open-" + communication.getId(), EventType.EMAIL_OPENED, communication, data(communication));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore()).body(PIXEL);
    }

    @GetMapping("/t/c/{token}")
    ResponseEntity<Void> click(@PathVariable String token) {
        Found found = communication(TrackingTokens.Kind.CLICK, token);
        List<String> links = communications.links(found.communication().getId());
        int index = found.token().link();
        if (index < 0 || index >= links.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        String url = links.get(index);
        ObjectNode data = data(found.communication()).put("url", url).put("linkIndex", index);
        observe("click-" + found.communication().getId() + "-" + index, EventType.LINK_CLICKED, found.communication(), data);
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url))
                .cacheControl(CacheControl.noStore()).build();
    }

    /** The page behind the unsubscribe link of the message body: it asks for a confirmation (a POST). */
    @GetMapping("/t/u/{token}")
    String unsubscribePage(@PathVariable String token, Model model) {
        CommunicationView communication = communication(TrackingTokens.Kind.UNSUBSCRIBE, token).communication();
        model.addAttribute("token", token);
        model.addAttribute("channel", communication.getChannel().key());
        model.addAttribute("done", false);
        return "unsubscribe";
    }

    /**
     * One-click unsubscribe (mail clients post {@code List-Unsubscribe=One-Click}: consent source {@code one-click})
     * and the page's button (source {@code unsubscribe-link}); the proof names the message. The consent is withdrawn
     * (and recorded) first; the {@code Unsubscribed} event that follows finds it withdrawn and records nothing more.
     */
    @PostMapping("/t/u/{token}")
    Object unsubscribe(@PathVariable String token, Model model,
                       @org.springframework.web.bind.annotation.RequestHeader(value = HttpHeaders.ACCEPT,
                               required = false) String accept,
                       @org.springframework.web.bind.annotation.RequestParam(name = "List-Unsubscribe",
                               required = false) String listUnsubscribe) {
        CommunicationView communication = communication(TrackingTokens.Kind.UNSUBSCRIBE, token).communication();
        Channel channel = communication.getChannel().consent() == null ? Channel.EMAIL
                : communication.getChannel().consent();
        String source = "One-Click".equalsIgnoreCase(listUnsubscribe) ? ConsentSource.ONE_CLICK
                : ConsentSource.UNSUBSCRIBE_LINK;
        contacts.withdrawConsent(communication.getContactId(), channel, clock.instant(), ConsentEvidence.of(source,
                java.util.Map.of(ScenarioVariables.COMMUNICATION_ID.name(), communication.getId(),
                        ScenarioVariables.MESSAGE_TYPE.name(), communication.getMessageType())));
        observe("unsubscribe-" + communication.getId(), EventType.UNSUBSCRIBED, communication,
                data(communication).put(ScenarioVariables.CHANNEL.name(), channel.key()));
        if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
            model.addAttribute("token", token);
            model.addAttribute("channel", channel.key());
            model.addAttribute("done", true);
            return "unsubscribe";
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("Unsubscribed.");
    }

    private record Found(TrackingTokens.Token token, CommunicationView communication) {
    }

    private Found communication(TrackingTokens.Kind kind, String token) {
        TrackingTokens.Token verified = tokens.verify(kind, token)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        CommunicationView communication = communications.byId(verified.communicationId())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return new Found(verified, communication);
    }

    private static ObjectNode data(CommunicationView communication) {
        return JsonNodeFactory.instance.objectNode()
                .put(ScenarioVariables.COMMUNICATION_ID.name(), communication.getId())
                .put(ScenarioVariables.MESSAGE_TYPE.name(), communication.getMessageType());
    }

    private void observe(String eventId, String type, CommunicationView communication, ObjectNode data) {
        try {
            intake.acceptObserved(new EventRequest(eventId, type, communication.getContactId(),
                    clock.instant().atOffset(ZoneOffset.UTC), data));
        } catch (Refusal e) {
            // Already observed (a second open or click of the same link: 409), or the contact was erased (404):
            // the visitor still gets the pixel, the page or the redirect.
            log.debug("{} {} not recorded: {}", type, eventId, e.getMessage());
        }
    }
}
