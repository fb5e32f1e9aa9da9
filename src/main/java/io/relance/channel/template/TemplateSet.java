package io.relance.channel.template;

import io.relance.channel.MessageChannel;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresource.ITemplateResource;
import org.thymeleaf.templateresource.StringTemplateResource;

import java.io.IOException;
import java.io.StringReader;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One checked version of the message texts: every template of {@code bpmn/templates/} with the subjects, the why
 * lines and the samples, each template rendered with its samples (with and without the contact's data) and its
 * variables compared with the known ones before the set is used. Immutable; a change of the files gives a new set.
 */
final class TemplateSet {

    static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern TEMPLATE = Pattern.compile("(email|sms)/([a-z0-9][a-z0-9-]{0,99})_([a-z]{2,3})\\.(html|txt)");
    private static final Pattern LANGUAGE_FILE = Pattern.compile("email/(subjects|why)_([a-z]{2,3})\\.properties");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    static final String SUBJECT_SUFFIX = ".subject";
    static final String WHY_DEFAULT = "default";
    static final String WHY_DATE_FORMAT = "date-format";
    private static final String NO_NAME = "\u0000";
    private static final String WHY_STYLE = "font-size: 12px; color: #777;";

    /** The variables Relance sets itself for every email, whatever the scenario. */
    static final Set<String> EMAIL_FIELDS = Set.of("firstName", "lastName", "contact", "commercial", "unsubscribeUrl",
            "why");
    /** The variables Relance sets itself for every SMS. */
    static final Set<String> SMS_FIELDS = Set.of("firstName", "lastName", "contact");

    private final Map<String, TemplateFolder.TemplateFile> files;
    /** channel → message type → language → template names (.html and .txt of an email, .txt of an SMS). */
    private final Map<MessageChannel, Map<String, Map<String, List<String>>>> templates;
    private final Map<String, LanguageTexts> subjects;
    private final Map<String, LanguageTexts> whys;
    private final TemplateSamples samples;
    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    /** A properties file of the email folder, with the line of each key. */
    private record LanguageTexts(String file, Map<String, String> texts, Map<String, Integer> lines) {
    }

    /** What the footer says about why the email came: commercial emails only. */
    record Why(boolean commercial, Instant triggeredAt, ZoneId zone) {
    }

    /** A rendered email. */
    record Email(String subject, String html, String text) {
    }

    private TemplateSet(Map<String, TemplateFolder.TemplateFile> files) {
        this.files = files;
        this.templates = new HashMap<>();
        this.subjects = new HashMap<>();
        this.whys = new HashMap<>();
        TemplateFolder.TemplateFile samplesFile = files.get(TemplateFolder.SAMPLES);
        if (samplesFile == null) {
            throw new TemplateException(TemplateFolder.ROOT + TemplateFolder.SAMPLES, 0, "the file does not exist:"
                    + " it gives the sample values every template is checked and previewed with", null);
        }
        this.samples = TemplateSamples.parse(samplesFile.location(), samplesFile.content());
        for (TemplateFolder.TemplateFile file : files.values()) {
            if (file.name().equals(TemplateFolder.SAMPLES)) {
                continue;
            }
            Matcher template = TEMPLATE.matcher(file.name());
            Matcher language = LANGUAGE_FILE.matcher(file.name());
            if (template.matches()) {
                MessageChannel channel = MessageChannel.valueOf(template.group(1).toUpperCase(Locale.ROOT));
                if (channel == MessageChannel.SMS && template.group(4).equals("html")) {
                    throw new TemplateException(file.location(), 0, "an SMS is text only: name it "
                            + template.group(2) + "_" + template.group(3) + ".txt", null);
                }
                templates.computeIfAbsent(channel, c -> new TreeMap<>())
                        .computeIfAbsent(template.group(2), t -> new TreeMap<>())
                        .computeIfAbsent(template.group(3), l -> new ArrayList<>()).add(file.name());
            } else if (language.matches()) {
                LanguageTexts texts = properties(file);
                (language.group(1).equals("subjects") ? subjects : whys).put(language.group(2), texts);
            } else {
                throw new TemplateException(file.location(), 0, "not a message text: templates are named"
                        + " <messageType>_<language>.html and .txt (email) or .txt (sms), e.g. welcome_fr.html;"
                        + " besides, email/ holds subjects_<language>.properties and why_<language>.properties", null);
            }
        }
        SpringTemplateEngine e = engine;
        e.addTemplateResolver(new SetResolver(TemplateMode.HTML, "*.html", 1));
        e.addTemplateResolver(new SetResolver(TemplateMode.TEXT, "*.txt", 2));
    }

    /** Reads and checks a set of files; a problem is a {@link TemplateException} naming the file and the line. */
    static TemplateSet load(Map<String, TemplateFolder.TemplateFile> files) {
        TemplateSet set = new TemplateSet(Collections.unmodifiableMap(new TreeMap<>(files)));
        set.check();
        return set;
    }

    Map<String, TemplateFolder.TemplateFile> files() {
        return files;
    }

    TemplateSamples samples() {
        return samples;
    }

    Set<String> types(MessageChannel channel) {
        return templates.getOrDefault(channel, Map.of()).keySet();
    }

    /** The languages a message type has on a channel (empty: no template). */
    Set<String> languages(MessageChannel channel, String messageType) {
        return templates.getOrDefault(channel, Map.of()).getOrDefault(messageType, Map.of()).keySet();
    }

    /** The files of a message type on a channel, all languages. */
    List<TemplateFolder.TemplateFile> filesOf(MessageChannel channel, String messageType) {
        return templates.getOrDefault(channel, Map.of()).getOrDefault(messageType, Map.of()).values().stream()
                .flatMap(List::stream).map(files::get).toList();
    }

    Email renderEmail(String messageType, String language, Map<String, Object> model, Why why) {
        Locale locale = Locale.forLanguageTag(language);
        Map<String, Object> variables = new HashMap<>(model);
        String whyLine = why.commercial() ? whyLine(messageType, language, model, why) : null;
        variables.put("why", whyLine);
        Context context = new Context(locale, variables);
        String htmlName = name(MessageChannel.EMAIL, messageType, language, "html");
        String textName = name(MessageChannel.EMAIL, messageType, language, "txt");
        String html = engine.process(htmlName, context);
        String text = engine.process(textName, context);
        if (whyLine != null) {
            // Every commercial email says why it came: where the template puts it, else at the end.
            if (!mentionsWhy(htmlName)) {
                String paragraph = "<p style=\"" + WHY_STYLE + "\">" + HtmlUtils.htmlEscape(whyLine) + "</p>";
                html = html.contains("</body>") ? html.replace("</body>", paragraph + "</body>") : html + paragraph;
            }
            if (!mentionsWhy(textName)) {
                text = text.stripTrailing() + "\n\n" + whyLine + "\n";
            }
        }
        return new Email(subject(messageType, language, locale, model, html), html, text);
    }

    String renderSms(String messageType, String language, Map<String, Object> model) {
        return engine.process(name(MessageChannel.SMS, messageType, language, "txt"),
                new Context(Locale.forLanguageTag(language), model)).strip();
    }

    private boolean mentionsWhy(String name) {
        return files.get(name).content().contains("${why}");
    }

    private String subject(String messageType, String language, Locale locale, Map<String, Object> model,
                           String html) {
        LanguageTexts texts = subjects.get(language);
        String pattern = texts == null ? null : texts.texts().get(messageType + SUBJECT_SUFFIX);
        String subject;
        if (pattern != null) {
            Object firstName = model.get("firstName");
            // Without a first name, the gap before it goes too: "Bienvenue {0}, merci" → "Bienvenue, merci".
            subject = new MessageFormat(pattern, locale).format(new Object[]{firstName == null ? NO_NAME : firstName})
                    .replaceAll("\\s*" + NO_NAME, "");
        } else {
            Matcher title = TITLE.matcher(html);
            if (!title.find() || title.group(1).isBlank()) {
                throw new IllegalArgumentException("Email '" + messageType + "' has no subject: give its HTML"
                        + " template a <title>, or add " + messageType + SUBJECT_SUFFIX + " to "
                        + TemplateFolder.ROOT + "email/subjects_" + language + ".properties");
            }
            subject = HtmlUtils.htmlUnescape(title.group(1));
        }
        // No line break (no header injection); a missing first name leaves no gap before the punctuation.
        return subject.replaceAll("[\\r\\n]+", " ").strip();
    }

    private String whyLine(String messageType, String language, Map<String, Object> model, Why why) {
        LanguageTexts texts = whys.get(language);
        if (texts == null) {
            throw new IllegalArgumentException("No why lines for language " + language + ": add "
                    + TemplateFolder.ROOT + "email/why_" + language + ".properties");
        }
        String line = texts.texts().getOrDefault(messageType, texts.texts().get(WHY_DEFAULT));
        String date = DateTimeFormatter.ofPattern(texts.texts().get(WHY_DATE_FORMAT), Locale.forLanguageTag(language))
                .format(why.triggeredAt().atZone(why.zone()));
        Object firstName = model.get("firstName");
        return line.replace("{date}", date).replace("{firstName}", firstName == null ? "" : firstName.toString())
                .replaceAll("\\s{2,}", " ").strip();
    }

    private static String name(MessageChannel channel, String messageType, String language, String extension) {
        return channel.key() + "/" + messageType + "_" + language + "." + extension;
    }

    // ---- checks ----------------------------------------------------------------------------------------------

    private void check() {
        Map<String, Map<String, List<String>>> emails = templates.getOrDefault(MessageChannel.EMAIL, Map.of());
        for (Map.Entry<String, Map<String, List<String>>> type : emails.entrySet()) {
            for (Map.Entry<String, List<String>> language : type.getValue().entrySet()) {
                if (language.getValue().size() != 2) {
                    String present = language.getValue().get(0);
                    String missing = present.endsWith(".html") ? "txt" : "html";
                    throw new TemplateException(files.get(present).location(), 0, "an email has an HTML and a text"
                            + " part: add " + name(MessageChannel.EMAIL, type.getKey(), language.getKey(), missing)
                            + " next to it", null);
                }
                if (!whys.containsKey(language.getKey())) {
                    throw new TemplateException(files.get(language.getValue().get(0)).location(), 0, "no why lines"
                            + " for language " + language.getKey() + ": add email/why_" + language.getKey()
                            + ".properties (the line commercial emails end with)", null);
                }
            }
        }
        subjects.forEach((language, texts) -> texts.lines().forEach((key, line) -> {
            String type = key.endsWith(SUBJECT_SUFFIX) ? key.substring(0, key.length() - SUBJECT_SUFFIX.length())
                    : null;
            if (type == null || !emails.containsKey(type)) {
                throw new TemplateException(texts.file(), line, "'" + key + "' is no email's subject: keys are"
                        + " <messageType>.subject for a message type with email templates (known: "
                        + emails.keySet() + ")", null);
            }
            try {
                new MessageFormat(texts.texts().get(key), Locale.forLanguageTag(language));
            } catch (IllegalArgumentException e) {
                throw new TemplateException(texts.file(), line, "the subject of " + type + " is not a valid"
                        + " pattern ({0} is the first name; write '' for an apostrophe): " + e.getMessage(), e);
            }
        }));
        whys.forEach((language, texts) -> {
            texts.lines().forEach((key, line) -> {
                if (!key.equals(WHY_DEFAULT) && !key.equals(WHY_DATE_FORMAT) && !emails.containsKey(key)) {
                    throw new TemplateException(texts.file(), line, "'" + key + "' is no email message type (keys:"
                            + " default, date-format and the message types with email templates: "
                            + emails.keySet() + ")", null);
                }
            });
            for (String required : List.of(WHY_DEFAULT, WHY_DATE_FORMAT)) {
                if (texts.texts().get(required) == null || texts.texts().get(required).isBlank()) {
                    throw new TemplateException(texts.file(), 0, "'" + required + "' is missing (" + (required.equals(
                            WHY_DEFAULT) ? "the line of a commercial email without a line of its own"
                            : "how {date} is written, e.g. d MMMM") + ")", null);
                }
            }
            try {
                DateTimeFormatter.ofPattern(texts.texts().get(WHY_DATE_FORMAT), Locale.forLanguageTag(language));
            } catch (IllegalArgumentException e) {
                throw new TemplateException(texts.file(), texts.lines().get(WHY_DATE_FORMAT), "date-format is not a"
                        + " date pattern: " + e.getMessage(), e);
            }
        });
        for (MessageChannel channel : templates.keySet()) {
            for (String type : types(channel)) {
                for (TemplateFolder.TemplateFile file : filesOf(channel, type)) {
                    checkVariables(channel, type, file);
                }
                for (String language : languages(channel, type)) {
                    checkRendering(channel, type, language);
                }
            }
        }
    }

    private void checkVariables(MessageChannel channel, String type, TemplateFolder.TemplateFile file) {
        Map<String, Object> sample = samples.messages().get(type);
        if (sample == null) {
            throw new TemplateException(file.location(), 0, "message type '" + type + "' has no sample values: add '"
                    + type + ":' under messages: in " + samples.file() + " with a value for each variable its"
                    + " templates use ({} when none)", null);
        }
        Set<String> known = new TreeSet<>(channel == MessageChannel.EMAIL ? EMAIL_FIELDS : SMS_FIELDS);
        known.addAll(sample.keySet());
        for (TemplateVariables.Use use : TemplateVariables.read(file.location(), file.content())) {
            if (!known.contains(use.name())) {
                throw new TemplateException(file.location(), use.line(), "unknown variable '" + use.name()
                        + "': neither a sample variable of " + type + " (" + samples.file() + ", line "
                        + samples.lines().get(type) + ") nor one Relance sets (" + new TreeSet<>(channel
                        == MessageChannel.EMAIL ? EMAIL_FIELDS : SMS_FIELDS) + "). A misspelt name? Otherwise add"
                        + " it to the samples of " + type, null);
            }
        }
    }

    private void checkRendering(MessageChannel channel, String type, String language) {
        Map<String, Object> full = new HashMap<>(samples.messages().get(type));
        full.putAll(contactFields(samples.contact()));
        full.put("commercial", true);
        full.put("unsubscribeUrl", "https://relance.example/unsubscribe/sample");
        // The same without the contact's names and as a transactional message: greetings must cope.
        Map<String, Object> bare = new HashMap<>(samples.messages().get(type));
        bare.put("commercial", false);
        Why sampleWhy = new Why(true, Instant.parse("2026-12-03T10:15:00Z"), ZoneId.of("Europe/Paris"));
        for (Map<String, Object> model : List.of(full, bare)) {
            try {
                if (channel == MessageChannel.EMAIL) {
                    renderEmail(type, language, model, model == full ? sampleWhy
                            : new Why(false, sampleWhy.triggeredAt(), sampleWhy.zone()));
                } else if (renderSms(type, language, model).isBlank()) {
                    throw new TemplateException(files.get(name(channel, type, language, "txt")).location(), 0,
                            "the SMS is empty with the sample values", null);
                }
            } catch (TemplateProcessingException e) {
                String template = e.getTemplateName() != null && files.containsKey(e.getTemplateName())
                        ? e.getTemplateName() : name(channel, type, language, channel == MessageChannel.EMAIL
                        ? "html" : "txt");
                throw new TemplateException(files.get(template).location(), e.getLine() == null ? 0 : e.getLine(),
                        "does not render with the sample values" + (model == bare ? " without first and last"
                                + " name" : "") + ": " + describe(e), e);
            } catch (IllegalArgumentException e) {
                throw new TemplateException(files.get(name(channel, type, language, channel == MessageChannel.EMAIL
                        ? "html" : "txt")).location(), 0, e.getMessage(), e);
            }
        }
    }

    /** The contact's fields of the samples, as the senders put a contact's in the model. */
    static Map<String, Object> contactFields(Map<String, String> contact) {
        return contactFields(contact.get("firstName"), contact.get("lastName"), contact);
    }

    /**
     * The contact's fields a template reads: {@code firstName} and {@code lastName} stripped, a blank name being no
     * name (the greeting then goes without it), and {@code contact} itself.
     */
    static Map<String, Object> contactFields(String firstName, String lastName, Object contact) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", blankToNull(firstName));
        fields.put("lastName", blankToNull(lastName));
        fields.put("contact", contact);
        return fields;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String describe(TemplateProcessingException e) {
        String message = e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message;
    }

    private static LanguageTexts properties(TemplateFolder.TemplateFile file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(file.content()));
        } catch (IOException | IllegalArgumentException e) {
            throw new TemplateException(file.location(), 0, "not a valid properties file: " + e.getMessage(), e);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> sourceLines = file.content().lines().toList();
        for (String key : properties.stringPropertyNames()) {
            texts.put(key, properties.getProperty(key));
            int line = 0;
            for (int i = 0; i < sourceLines.size(); i++) {
                String text = sourceLines.get(i).stripLeading();
                if (text.startsWith(key) && text.substring(key.length()).stripLeading().matches("^[=:].*|^$")) {
                    line = i + 1;
                    break;
                }
            }
            lines.put(key, line);
        }
        return new LanguageTexts(file.location(), texts, lines);
    }

    /** Resolves template names to this set's texts (Thymeleaf caches the parsed templates of the set). */
    private final class SetResolver extends AbstractConfigurableTemplateResolver {

        SetResolver(TemplateMode mode, String pattern, int order) {
            setTemplateMode(mode);
            setResolvablePatterns(Set.of(pattern));
            setCheckExistence(true);
            setCacheable(true);
            setOrder(order);
        }

        @Override
        protected ITemplateResource computeTemplateResource(IEngineConfiguration configuration, String ownerTemplate,
                                                            String template, String resourceName,
                                                            String characterEncoding,
                                                            Map<String, Object> templateResolutionAttributes) {
            TemplateFolder.TemplateFile file = files.get(template);
            if (file == null) {
                throw new IllegalArgumentException("No template " + TemplateFolder.ROOT + template);
            }
            return new StringTemplateResource(file.content());
        }
    }
}
