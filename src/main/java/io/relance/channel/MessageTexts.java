package io.relance.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relance.channel.sms.E164;
import io.relance.channel.template.MessageTemplates;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.refusal.FieldProblem;
import io.relance.refusal.Refusal;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The message texts for marketers, as the REST API ({@code /api/templates}) and the dashboard's pages
 * ({@code /insight/templates}) show them: the list (and whether a changed file was refused), a preview for a contact
 * or the sample contact, a test send to an address given by the asker (recorded as a test, never counted in pressure
 * nor figures). The variables of a preview or test send are the message type's samples
 * ({@code bpmn/templates/samples.yaml}), overridden by those given.
 */
@Service
public class MessageTexts {

    private final MessageTemplates templates;
    private final MessagingService messaging;
    private final ContactService contacts;

    MessageTexts(MessageTemplates templates, MessagingService messaging, ContactService contacts) {
        this.templates = templates;
        this.messaging = messaging;
        this.contacts = contacts;
    }

    /** The texts in use, where they come from, and the latest refused change (if not fixed since). */
    public record Listing(String folder, boolean folderPresent, Instant loadedAt, RefusedChange refused,
                          List<Text> templates) {
    }

    /** A change of the files that was refused (the previous texts stay in use): where, and why. */
    public record RefusedChange(String file, int line, String problem, Instant at) {
    }

    /** A message type's templates; {@code source}: {@code folder} (bpmn/templates/ read at run time) or packaged. */
    public record Text(String channel, String messageType, List<String> languages, String source,
                       List<SourceFile> files) {
    }

    public record SourceFile(String name, String location, String source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preview(String channel, String messageType, String category, String contactId, String subject,
                          String html, String text, String encoding, Integer segments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestSend(String communicationId, String status, String reason, String channel,
                           String messageType, String category, String recipient, String subject) {
    }

    /** What a preview or a test send cannot do, with the refusal's own words (English, as the API says them). */
    public static final class Refused extends Refusal {

        /** Which problem, for a page that says it in its own language. */
        public enum Problem {
            UNKNOWN_CHANNEL, UNKNOWN_MESSAGE_TYPE, UNKNOWN_CONTACT, MISSING_RECIPIENT, BAD_RECIPIENT, CANNOT_RENDER
        }

        private final Problem problem;

        private Refused(Problem problem, Reason reason, String title, String detail, List<FieldProblem> errors) {
            super(reason, title, detail, errors);
            this.problem = problem;
        }

        private static Refused invalid(Problem problem, String field, String message) {
            return new Refused(problem, Reason.INVALID, "Invalid request", "The request has 1 invalid field(s).",
                    List.of(new FieldProblem(field, message)));
        }

        public Problem problem() {
            return problem;
        }
    }

    public Listing list() {
        MessageTemplates.Status status = templates.status();
        MessageTemplates.Refused refused = status.refused();
        return new Listing(status.folder(), status.present(), status.loadedAt(), refused == null ? null
                : new RefusedChange(refused.file(), refused.line(), refused.problem(), refused.at()),
                templates.list().stream().map(MessageTexts::text).toList());
    }

    /** One message type's templates on a channel ({@code email}, {@code sms}). */
    public Text one(String channel, String messageType) {
        MessageChannel known = channel(channel);
        return text(templates.find(known, messageType).orElseThrow(() -> unknownType(known, messageType)));
    }

    /** The sample variables of a message type, which a preview uses unless told otherwise. */
    public Map<String, Object> sampleVariables(String messageType) {
        return templates.sampleVariables(messageType);
    }

    /**
     * Renders a message as a scenario's send would.
     *
     * @param contactId the contact whose data the message shows (null: the sample contact)
     * @param variables the scenario's variables, over the message type's samples (null: the samples)
     */
    public Preview preview(String channel, String messageType, String contactId, Map<String, Object> variables) {
        MessageChannel known = known(channel, messageType);
        ContactView contact = contact(contactId);
        MessagingService.Previewed previewed = render(() -> messaging.preview(known, messageType, contact,
                variables(messageType, variables)));
        ChannelSender.Preview preview = previewed.preview();
        return new Preview(known.key(), messageType, previewed.category().key(), contactId, preview.subject(),
                preview.html(), preview.text(), preview.encoding(), preview.segments());
    }

    /**
     * Sends that rendering to {@code to} only (an email address, or an E.164 number for SMS) and records it as a
     * test send by {@code requestedBy}.
     *
     * @throws ProviderUnavailableException when the provider did not take it (recorded as a failed test send)
     */
    public TestSend testSend(String channel, String messageType, String to, String contactId,
                             Map<String, Object> variables, String requestedBy) {
        MessageChannel known = known(channel, messageType);
        if (to == null || to.isBlank()) {
            throw Refused.invalid(Refused.Problem.MISSING_RECIPIENT, "to", known == MessageChannel.SMS
                    ? "the phone number (E.164, e.g. +33612345678) the test goes to is required"
                    : "the email address the test goes to is required");
        }
        String recipient = to.strip();
        checkRecipient(known, recipient);
        ContactView contact = contact(contactId);
        MessagingService.TestSent sent = render(() -> messaging.testSend(known, messageType, contact, contactId,
                variables(messageType, variables), recipient, requestedBy));
        return new TestSend(sent.communicationId(), sent.status().key(), sent.reason(), known.key(), messageType,
                sent.category().key(), recipient, sent.preview().subject());
    }

    private static Text text(MessageTemplates.TemplateInfo info) {
        boolean packaged = info.files().stream().allMatch(MessageTemplates.SourceFile::packaged);
        return new Text(info.channel().key(), info.messageType(), info.languages(), packaged ? "packaged" : "folder",
                info.files().stream().map(f -> new SourceFile(f.name(), f.location(),
                        f.packaged() ? "packaged" : "folder")).toList());
    }

    private MessageChannel known(String channel, String messageType) {
        MessageChannel known = channel(channel);
        if (!templates.exists(known, messageType)) {
            throw unknownType(known, messageType);
        }
        return known;
    }

    private static MessageChannel channel(String channel) {
        if (MessageChannel.EMAIL.key().equals(channel) || MessageChannel.SMS.key().equals(channel)) {
            return MessageChannel.valueOf(channel.toUpperCase(Locale.ROOT));
        }
        throw new Refused(Refused.Problem.UNKNOWN_CHANNEL, Refusal.Reason.NOT_FOUND, "Unknown channel",
                "Channel '" + channel + "' has no templates (email, sms).", List.of());
    }

    private static Refused unknownType(MessageChannel channel, String messageType) {
        return new Refused(Refused.Problem.UNKNOWN_MESSAGE_TYPE, Refusal.Reason.NOT_FOUND, "Unknown message type",
                "No " + channel.key() + " template has the message type '" + messageType + "' (bpmn/templates/"
                        + channel.key() + "/).", List.of());
    }

    private ContactView contact(String contactId) {
        if (contactId == null) {
            Map<String, String> sample = templates.sampleContact();
            return new ContactView(sample.get("contactId"), sample.get("email"), sample.get("phone"),
                    sample.get("firstName"), sample.get("lastName"), null, sample.get("locale"),
                    sample.get("timeZone"), Map.of(), Map.of(), null, null);
        }
        return contacts.find(contactId).orElseThrow(() -> new Refused(Refused.Problem.UNKNOWN_CONTACT,
                Refusal.Reason.NOT_FOUND, "Unknown contact", "No contact has the id '" + contactId + "'.",
                List.of()));
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
                throw Refused.invalid(Refused.Problem.BAD_RECIPIENT, "to", "'" + to
                        + "' is not a phone number in E.164 form (e.g. +33612345678)");
            }
            return;
        }
        try {
            InternetAddress address = new InternetAddress(to, true);
            if (address.getPersonal() != null || !address.getAddress().contains("@")) {
                throw new AddressException("a plain address is expected");
            }
        } catch (AddressException e) {
            throw Refused.invalid(Refused.Problem.BAD_RECIPIENT, "to", "'" + to
                    + "' is not an email address (e.g. marie@example.com)");
        }
    }

    /** A template that cannot render what was asked (e.g. an SMS too long with these variables) is bad input. */
    private static <T> T render(Supplier<T> rendering) {
        try {
            return rendering.get();
        } catch (IllegalArgumentException | org.thymeleaf.exceptions.TemplateProcessingException e) {
            throw new Refused(Refused.Problem.CANNOT_RENDER, Refusal.Reason.INVALID, "Cannot render",
                    e.getMessage(), List.of());
        }
    }
}
