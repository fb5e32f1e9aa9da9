package io.relance.channel.email;

import io.relance.channel.MessageChannel;
import io.relance.channel.template.MessageTemplates;
import io.relance.contact.ContactView;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The email templates of {@code bpmn/templates/email/} ({@link MessageTemplates}: the scenario folder's copy, else
 * the packaged one, changes used within seconds): for a message type {@code welcome} and the language {@code fr},
 * {@code welcome_fr.html} (HTML part), {@code welcome_fr.txt} (plain-text part) and the key {@code welcome.subject}
 * of {@code subjects_fr.properties} (or else the HTML template's {@code <title>}) for the subject; a commercial
 * email's footer says why it came ({@code why_fr.properties}). Values are escaped by Thymeleaf ({@code th:text});
 * the subject is stripped of line breaks, so no contact data can inject markup or mail headers.
 */
@Component
class EmailTemplates {

    static final String FOLDER = "bpmn/templates/email/";
    private static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    private final MessageTemplates templates;
    private final EmailProperties properties;
    private final ZoneId defaultZone;

    EmailTemplates(MessageTemplates templates, EmailProperties properties,
                   @Value("${relance.pressure.default-time-zone:Europe/Paris}") String defaultZone) {
        this.templates = templates;
        this.properties = properties;
        this.defaultZone = ZoneId.of(defaultZone);
    }

    record Rendered(String subject, String html, String text, Locale locale) {
    }

    /** The language a contact gets: theirs when templates exist for it, else the default, else English. */
    Locale languageFor(String messageType, String contactLocale) {
        check(messageType);
        Set<String> languages = templates.languages(MessageChannel.EMAIL, messageType);
        for (String candidate : new String[]{language(contactLocale), properties.defaultLocale(), "en"}) {
            if (candidate != null && languages.contains(candidate)) {
                return Locale.forLanguageTag(candidate);
            }
        }
        throw new IllegalArgumentException("No email template for message type '" + messageType + "': add "
                + FOLDER + messageType + "_" + properties.defaultLocale() + ".html and .txt, and the key "
                + messageType + ".subject in " + FOLDER + "subjects_" + properties.defaultLocale() + ".properties");
    }

    /** Renders an email without a why line (a transactional one). */
    Rendered render(String messageType, Locale language, Map<String, Object> model) {
        return render(messageType, language, model, false, Instant.now(), defaultZone);
    }

    /**
     * Renders an email; a commercial one says why it came, with the day its scenario started ({@code triggeredAt})
     * in the contact's zone.
     */
    Rendered render(String messageType, Locale language, Map<String, Object> model, boolean commercial,
                    Instant triggeredAt, ZoneId zone) {
        MessageTemplates.Email email = templates.renderEmail(messageType, language.getLanguage(), model, commercial,
                triggeredAt, zone);
        return new Rendered(email.subject(), email.html(), email.text(), language);
    }

    /** The contact's time zone, else the default one ({@code relance.pressure.default-time-zone}). */
    ZoneId zoneOf(ContactView contact) {
        if (contact.timeZone() != null && !contact.timeZone().isBlank()) {
            try {
                return ZoneId.of(contact.timeZone());
            } catch (DateTimeException e) {
                return defaultZone;
            }
        }
        return defaultZone;
    }

    private static void check(String messageType) {
        if (messageType == null || !MESSAGE_TYPE.matcher(messageType).matches()) {
            throw new IllegalArgumentException("messageType '" + messageType
                    + "' must be lower-case letters, digits and dashes, e.g. cart-reminder-1");
        }
    }

    private static String language(String locale) {
        return locale == null || locale.isBlank() ? null : Locale.forLanguageTag(locale).getLanguage();
    }
}
