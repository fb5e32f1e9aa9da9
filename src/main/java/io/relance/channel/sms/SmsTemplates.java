package io.relance.channel.sms;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SMS texts: {@code src/main/resources/templates/sms/<messageType>_<lang>.txt} (Thymeleaf text mode), in the
 * contact's language, else French, else English.
 */
@Component
class SmsTemplates {

    static final String FOLDER = "templates/sms/";
    private static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    SmsTemplates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix(FOLDER);
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        engine.setTemplateResolver(resolver);
    }

    String render(String messageType, String contactLocale, Map<String, Object> model) {
        if (messageType == null || !MESSAGE_TYPE.matcher(messageType).matches()) {
            throw new IllegalArgumentException("messageType '" + messageType
                    + "' must be lower-case letters, digits and dashes");
        }
        String language = contactLocale == null ? null : Locale.forLanguageTag(contactLocale).getLanguage();
        for (String candidate : new String[]{language, "fr", "en"}) {
            if (candidate != null && new ClassPathResource(FOLDER + messageType + "_" + candidate + ".txt").exists()) {
                return engine.process(messageType + "_" + candidate, new Context(Locale.forLanguageTag(candidate),
                        model)).strip();
            }
        }
        throw new IllegalArgumentException("No SMS template for message type '" + messageType + "': add "
                + FOLDER + messageType + "_fr.txt");
    }
}
