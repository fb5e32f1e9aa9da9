package io.relance.channel.template;

import io.relance.channel.MessageChannel;
import io.relance.contact.ContactView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The message texts in use: read from {@code bpmn/templates/} ({@link TemplateFolder}) and checked as a whole
 * ({@link TemplateSet}) at start-up — a problem stops start-up naming the file and the line. While running, the
 * folder is looked at again when a text is needed and {@code relance.templates.recheck} (2 s) has passed since the
 * last look; changed files are checked the same way and used at once, or refused: the previous texts stay in use,
 * the problem is logged and shown by {@link #status()} ({@code GET /api/templates}). Each node reads its own folder.
 */
@Component
@NamedInterface("templates")
public class MessageTemplates {

    private static final Logger log = LoggerFactory.getLogger(MessageTemplates.class);

    /**
     * What a template reads of the contact, to put in its model: {@code firstName} and {@code lastName} (stripped; a
     * blank name is none, and the greeting goes without it) and {@code contact}.
     */
    public static Map<String, Object> contactFields(ContactView contact) {
        return TemplateSet.contactFields(contact.firstName(), contact.lastName(), contact);
    }

    private final TemplateFolder folder;
    private final Duration recheck;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile Refused refused;
    private volatile Instant lastLook;

    private record Loaded(TemplateSet set, String fingerprint, Instant at) {
    }

    /** A change of the files that was refused: the previous texts stay in use. */
    public record Refused(String file, int line, String problem, Instant at) {
    }

    /**
     * Where the texts in use come from and whether the latest change was refused.
     *
     * @param folder   the folder looked at ({@code bpmn/templates/} of the scenario folder or working directory)
     * @param present  whether it exists (otherwise only the packaged copies are used)
     * @param loadedAt when the texts in use were read
     * @param refused  the latest change that was refused, if it is still not fixed (null otherwise)
     */
    public record Status(String folder, boolean present, Instant loadedAt, Refused refused) {
    }

    /** A template file: name under {@code bpmn/templates/}, where it was read, whether it is the packaged copy. */
    public record SourceFile(String name, String location, boolean packaged) {
    }

    /** A message type's templates on a channel. */
    public record TemplateInfo(MessageChannel channel, String messageType, List<String> languages,
                               List<SourceFile> files) {
    }

    /** A rendered email. */
    public record Email(String subject, String html, String text) {
    }

    @org.springframework.beans.factory.annotation.Autowired
    MessageTemplates(@Value("${relance.scenario-dir:}") String scenarioDir,
                     @Value("${relance.templates.recheck:PT2S}") Duration recheck, Clock clock) {
        this(TemplateFolder.of(scenarioDir, Path.of("").toAbsolutePath()), recheck, clock);
    }

    private MessageTemplates(TemplateFolder folder, Duration recheck, Clock clock) {
        this.folder = folder;
        this.recheck = recheck;
        this.clock = clock;
        String fingerprint = folder.fingerprint();
        this.loaded = new Loaded(TemplateSet.load(folder.read()), fingerprint, clock.instant());
        this.lastLook = clock.instant();
        log.info("Message texts from {}{}: {} email and {} SMS message types", folder.folder(), folder.present() ? ""
                        : " (absent: the packaged copies)", loaded.set().types(MessageChannel.EMAIL).size(),
                loaded.set().types(MessageChannel.SMS).size());
    }

    /** The texts a start with this {@code relance.scenario-dir} would use (blank: the working directory). */
    public static MessageTemplates of(String scenarioDir, Duration recheck, Clock clock) {
        return new MessageTemplates(scenarioDir, recheck, clock);
    }

    /** Whether a message type has a template on the channel, in any language. */
    public boolean exists(MessageChannel channel, String messageType) {
        return !languages(channel, messageType).isEmpty();
    }

    /** The languages a message type has on the channel (empty: none). */
    public Set<String> languages(MessageChannel channel, String messageType) {
        return current().languages(channel, messageType);
    }

    /** Every message type with templates, email first. */
    public List<TemplateInfo> list() {
        TemplateSet set = current();
        List<TemplateInfo> infos = new ArrayList<>();
        for (MessageChannel channel : List.of(MessageChannel.EMAIL, MessageChannel.SMS)) {
            for (String type : set.types(channel)) {
                infos.add(info(set, channel, type));
            }
        }
        return infos;
    }

    public java.util.Optional<TemplateInfo> find(MessageChannel channel, String messageType) {
        TemplateSet set = current();
        return set.languages(channel, messageType).isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(info(set, channel, messageType));
    }

    private static TemplateInfo info(TemplateSet set, MessageChannel channel, String type) {
        return new TemplateInfo(channel, type, List.copyOf(set.languages(channel, type)),
                set.filesOf(channel, type).stream().map(f -> new SourceFile(f.name(), f.location(), f.packaged()))
                        .toList());
    }

    /** The sample contact's fields ({@code bpmn/templates/samples.yaml}). */
    public Map<String, String> sampleContact() {
        return current().samples().contact();
    }

    /** The sample variables of a message type (empty when it has none). */
    public Map<String, Object> sampleVariables(String messageType) {
        return current().samples().messages().getOrDefault(messageType, Map.of());
    }

    /**
     * Renders an email in a language it has ({@link #languages}).
     *
     * @param commercial  whether the footer says why it came (the why line, commercial emails only)
     * @param triggeredAt when its scenario started (the {@code {date}} of the why line)
     * @param zone        the contact's time zone, for that date
     */
    public Email renderEmail(String messageType, String language, Map<String, Object> model, boolean commercial,
                             Instant triggeredAt, ZoneId zone) {
        TemplateSet.Email email = current().renderEmail(messageType, language, model,
                new TemplateSet.Why(commercial, triggeredAt, zone));
        return new Email(email.subject(), email.html(), email.text());
    }

    /** Renders an SMS text in a language it has ({@link #languages}). */
    public String renderSms(String messageType, String language, Map<String, Object> model) {
        return current().renderSms(messageType, language, model);
    }

    /** Where the texts come from, and the latest refused change (also looks for changes). */
    public Status status() {
        current();
        return new Status(folder.folder().toString(), folder.present(), loaded.at(), refused);
    }

    /** Looks for changed files now, whatever the time since the last look (tests, an operator's reload). */
    public Status reload() {
        lastLook = Instant.EPOCH;
        return status();
    }

    private TemplateSet current() {
        Instant now = clock.instant();
        if (Duration.between(lastLook, now).compareTo(recheck) >= 0) {
            look(now);
        }
        return loaded.set();
    }

    private synchronized void look(Instant now) {
        if (Duration.between(lastLook, now).compareTo(recheck) < 0) {
            return;
        }
        lastLook = now;
        String fingerprint = folder.fingerprint();
        if (fingerprint.equals(loaded.fingerprint())) {
            return;
        }
        try {
            TemplateSet set = TemplateSet.load(folder.read());
            loaded = new Loaded(set, fingerprint, now);
            refused = null;
            log.info("Message texts changed in {}: now in use", folder.folder());
        } catch (TemplateException e) {
            // Keep the texts in use; look again at the next change (the same broken files are not re-read).
            loaded = new Loaded(loaded.set(), fingerprint, loaded.at());
            refused = new Refused(e.file(), e.line(), e.problem(), now);
            log.error("Message texts changed in {} but refused, the previous ones stay in use: {}", folder.folder(),
                    e.getMessage());
        } catch (RuntimeException e) {
            loaded = new Loaded(loaded.set(), fingerprint, loaded.at());
            refused = new Refused(folder.folder().toString(), 0, String.valueOf(e.getMessage()), now);
            log.error("Message texts changed in {} but could not be read, the previous ones stay in use",
                    folder.folder(), e);
        }
    }
}
