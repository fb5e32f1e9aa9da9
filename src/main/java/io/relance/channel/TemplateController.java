package io.relance.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relance.channel.sms.E164;
import io.relance.channel.template.MessageTemplates;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.web.ApiException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The message texts for marketers: {@code GET /api/templates} lists them (and says whether a changed file was
 * refused), {@code POST /api/templates/{channel}/{messageType}/preview} renders one for a contact or the sample
 * contact, {@code POST .../test-send} sends it to an address given in the request (administrators and group
 * {@code marketing}; recorded as a test, never counted in pressure nor figures). The variables of a preview or test
 * send are the message type's samples ({@code bpmn/templates/samples.yaml}), overridden by those of the request.
 */
@RestController
@RequestMapping("/api/templates")
class TemplateController {

    private final MessageTemplates templates;
    private final MessagingService messaging;
    private final ContactService contacts;

    TemplateController(MessageTemplates templates, MessagingService messaging, ContactService contacts) {
        this.templates = templates;
        this.messaging = messaging;
        this.contacts = contacts;
    }

    /** The texts in use, where they come from, and the latest refused change (if not fixed since). */
    record TemplateList(String folder, boolean folderPresent, Instant loadedAt, MessageTemplates.Refused refused,
                        List<TemplateEntry> templates) {
    }

    /** A message type's templates; {@code source}: {@code folder} (bpmn/templates/ read at run time) or packaged. */
    record TemplateEntry(String channel, String messageType, List<String> languages, String source,
                         List<FileEntry> files) {
    }

    record FileEntry(String name, String location, String source) {
    }

    /**
     * @param contactId the contact whose data the message shows (absent: the sample contact)
     * @param variables the scenario's variables, over the message type's samples
     */
    record PreviewRequest(String contactId, Map<String, Object> variables) {
    }

    /** @param to the email address or phone number (E.164) the test goes to */
    record TestSendRequest(String to, String contactId, Map<String, Object> variables) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreviewResponse(String channel, String messageType, String category, String contactId, String subject,
                           String html, String text, String encoding, Integer segments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TestSendResponse(String communicationId, String status, String reason, String channel,
                            String messageType, String category, String recipient, String subject) {
    }

    @GetMapping
    TemplateList list() {
        MessageTemplates.Status status = templates.status();
        return new TemplateList(status.folder(), status.present(), status.loadedAt(), status.refused(),
                templates.list().stream().map(TemplateController::entry).toList());
    }

    @GetMapping("/{channel}/{messageType}")
    TemplateEntry one(@PathVariable String channel, @PathVariable String messageType) {
        MessageChannel known = channel(channel);
        return entry(templates.find(known, messageType).orElseThrow(() -> unknownType(known, messageType)));
    }

    @PostMapping("/{channel}/{messageType}/preview")
    PreviewResponse preview(@PathVariable String channel, @PathVariable String messageType,
                            @RequestBody(required = false) PreviewRequest request) {
        MessageChannel known = known(channel, messageType);
        PreviewRequest body = request == null ? new PreviewRequest(null, null) : request;
        ContactView contact = contact(body.contactId());
        MessagingService.Previewed previewed = render(() -> messaging.preview(known, messageType, contact,
                variables(messageType, body.variables())));
        ChannelSender.Preview preview = previewed.preview();
        return new PreviewResponse(known.key(), messageType, previewed.category().key(), body.contactId(),
                preview.subject(), preview.html(), preview.text(), preview.encoding(), preview.segments());
    }

    @PostMapping("/{channel}/{messageType}/test-send")
    TestSendResponse testSend(@PathVariable String channel, @PathVariable String messageType,
                              @RequestBody(required = false) TestSendRequest request, Principal principal) {
        MessageChannel known = known(channel, messageType);
        if (request == null || request.to() == null || request.to().isBlank()) {
            throw ApiException.invalid("to", known == MessageChannel.SMS ? "the phone number (E.164, e.g."
                    + " +33612345678) the test goes to is required" : "the email address the test goes to is required");
        }
        String to = request.to().strip();
        checkRecipient(known, to);
        ContactView contact = contact(request.contactId());
        MessagingService.TestSent sent;
        try {
            sent = render(() -> messaging.testSend(known, messageType, contact, request.contactId(),
                    variables(messageType, request.variables()), to, principal.getName()));
        } catch (ProviderUnavailableException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Test send failed", "The " + known.key()
                    + " provider did not take the message (recorded as a failed test send): " + e.getMessage());
        }
        return new TestSendResponse(sent.communicationId(), sent.status().key(), sent.reason(), known.key(),
                messageType, sent.category().key(), to, sent.preview().subject());
    }

    private static TemplateEntry entry(MessageTemplates.TemplateInfo info) {
        boolean packaged = info.files().stream().allMatch(MessageTemplates.SourceFile::packaged);
        return new TemplateEntry(info.channel().key(), info.messageType(), info.languages(),
                packaged ? "packaged" : "folder", info.files().stream().map(f -> new FileEntry(f.name(),
                f.location(), f.packaged() ? "packaged" : "folder")).toList());
    }

    private MessageChannel known(String channel, String messageType) {
        MessageChannel known = channel(channel);
        if (!templates.exists(known, messageType)) {
            throw unknownType(known, messageType);
        }
        return known;
    }

    private static MessageChannel channel(String channel) {
        if (channel.equals(MessageChannel.EMAIL.key()) || channel.equals(MessageChannel.SMS.key())) {
            return MessageChannel.valueOf(channel.toUpperCase(Locale.ROOT));
        }
        throw new ApiException(HttpStatus.NOT_FOUND, "Unknown channel", "Channel '" + channel
                + "' has no templates (email, sms).");
    }

    private static ApiException unknownType(MessageChannel channel, String messageType) {
        return new ApiException(HttpStatus.NOT_FOUND, "Unknown message type", "No " + channel.key()
                + " template has the message type '" + messageType + "' (bpmn/templates/" + channel.key() + "/).");
    }

    private ContactView contact(String contactId) {
        if (contactId == null) {
            Map<String, String> sample = templates.sampleContact();
            return new ContactView(sample.get("contactId"), sample.get("email"), sample.get("phone"),
                    sample.get("firstName"), sample.get("lastName"), null, sample.get("locale"),
                    sample.get("timeZone"), Map.of(), Map.of(), null, null);
        }
        return contacts.find(contactId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "Unknown contact", "No contact has the id '" + contactId + "'."));
    }

    private Map<String, Object> variables(String messageType, Map<String, Object> given) {
        Map<String, Object> variables = new HashMap<>(templates.sampleVariables(messageType));
        if (given != null) {
            variables.putAll(given);
        }
        return variables;
    }

    private static void checkRecipient(MessageChannel channel, String to) {
        if (channel == MessageChannel.SMS) {
            if (!E164.isValid(to)) {
                throw ApiException.invalid("to", "'" + to + "' is not a phone number in E.164 form (e.g."
                        + " +33612345678)");
            }
            return;
        }
        try {
            InternetAddress address = new InternetAddress(to, true);
            if (address.getPersonal() != null || !address.getAddress().contains("@")) {
                throw new AddressException("a plain address is expected");
            }
        } catch (AddressException e) {
            throw ApiException.invalid("to", "'" + to + "' is not an email address (e.g. marie@example.com)");
        }
    }

    /** A template that cannot render what was asked (e.g. an SMS too long with these variables) is bad input. */
    private static <T> T render(java.util.function.Supplier<T> rendering) {
        try {
            return rendering.get();
        } catch (IllegalArgumentException | org.thymeleaf.exceptions.TemplateProcessingException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Cannot render", e.getMessage());
        }
    }
}
