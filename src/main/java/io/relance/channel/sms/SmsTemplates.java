package io.relance.channel.sms;

import io.relance.channel.MessageChannel;
import io.relance.channel.template.MessageTemplates;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SMS texts: {@code bpmn/templates/sms/<messageType>_<lang>.txt} (Thymeleaf text mode, read through
 * {@link MessageTemplates}: the scenario folder's copy, else the packaged one), in the contact's language, else
 * French, else English.
 */
@Component
class SmsTemplates {

    static final String FOLDER = "bpmn/templates/sms/";
    private static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    private final MessageTemplates templates;

    SmsTemplates(MessageTemplates templates) {
        this.templates = templates;
    }

    String render(String messageType, String contactLocale, Map<String, Object> model) {
        if (messageType == null || !MESSAGE_TYPE.matcher(messageType).matches()) {
            throw new IllegalArgumentException("messageType '" + messageType
                    + "' must be lower-case letters, digits and dashes");
        }
        String language = contactLocale == null || contactLocale.isBlank() ? null
                : Locale.forLanguageTag(contactLocale).getLanguage();
        Set<String> languages = templates.languages(MessageChannel.SMS, messageType);
        for (String candidate : new String[]{language, "fr", "en"}) {
            if (candidate != null && languages.contains(candidate)) {
                return templates.renderSms(messageType, candidate, model);
            }
        }
        throw new IllegalArgumentException("No SMS template for message type '" + messageType + "': add "
                + FOLDER + messageType + "_fr.txt");
    }
}
