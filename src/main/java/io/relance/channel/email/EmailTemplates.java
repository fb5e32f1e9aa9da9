package io.relance.channel.email;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The email templates of {@code src/main/resources/templates/email/}: for a message type {@code welcome} and the
 * language {@code fr}, {@code welcome_fr.html} (HTML part), {@code welcome_fr.txt} (plain-text part) and the key
 * {@code welcome.subject} of {@code subjects_fr.properties} (or else the HTML template's {@code <title>}) for the
 * subject. Values are escaped by Thymeleaf ({@code th:text});
 * the subject is stripped of line breaks, so no contact data can inject markup or mail headers.
 */
@Component
class EmailTemplates {

    static final String FOLDER = "templates/email/";
    private static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final ResourceBundleMessageSource subjects = new ResourceBundleMessageSource();
    private final EmailProperties properties;

    EmailTemplates(EmailProperties properties) {
        this.properties = properties;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
        subjects.setBasename(FOLDER + "subjects");
        subjects.setDefaultEncoding("UTF-8");
        subjects.setFallbackToSystemLocale(false);
        subjects.setUseCodeAsDefaultMessage(false);
    }

    record Rendered(String subject, String html, String text, Locale locale) {
    }

    /** The language a contact gets: theirs when templates exist for it, else the default, else English. */
    Locale languageFor(String messageType, String contactLocale) {
        check(messageType);
        for (String candidate : new String[]{language(contactLocale), properties.defaultLocale(), "en"}) {
            if (candidate != null && exists(messageType, candidate)) {
                return Locale.forLanguageTag(candidate);
            }
        }
        throw new IllegalArgumentException("No email template for message type '" + messageType + "': add "
                + FOLDER + messageType + "_" + properties.defaultLocale() + ".html and .txt, and the key "
                + messageType + ".subject in " + FOLDER + "subjects_" + properties.defaultLocale() + ".properties");
    }

    Rendered render(String messageType, Locale language, Map<String, Object> model) {
        Context context = new Context(language, model);
        String lang = language.getLanguage();
        String html = engine.process(messageType + "_" + lang + ".html", context);
        String text = engine.process(messageType + "_" + lang + ".txt", context);
        Object firstName = model.get("firstName");
        String subject = subjects.getMessage(messageType + ".subject",
                new Object[]{firstName == null ? "" : firstName}, null, language);
        if (subject == null) {
            Matcher title = TITLE.matcher(html);
            if (!title.find() || title.group(1).isBlank()) {
                throw new IllegalArgumentException("Email '" + messageType + "' has no subject: give its HTML"
                        + " template a <title>, or add " + messageType + ".subject to " + FOLDER + "subjects_"
                        + lang + ".properties");
            }
            subject = HtmlUtils.htmlUnescape(title.group(1));
        }
        return new Rendered(subject.replaceAll("[\\r\\n]+", " ").strip(), html, text, language);
    }

    private static void check(String messageType) {
        if (messageType == null || !MESSAGE_TYPE.matcher(messageType).matches()) {
            throw new IllegalArgumentException("messageType '" + messageType
                    + "' must be lower-case letters, digits and dashes, e.g. cart-reminder-1");
        }
    }

    private static boolean exists(String messageType, String lang) {
        return new ClassPathResource(FOLDER + messageType + "_" + lang + ".html").exists()
                && new ClassPathResource(FOLDER + messageType + "_" + lang + ".txt").exists();
    }

    private static String language(String locale) {
        return locale == null || locale.isBlank() ? null : Locale.forLanguageTag(locale).getLanguage();
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix(FOLDER);
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }
}
