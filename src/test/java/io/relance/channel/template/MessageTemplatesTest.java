package io.relance.channel.template;

import io.relance.channel.MessageChannel;
import io.relance.support.TemplateDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The message texts as a designer edits them: a scenario folder of the test's own with a copy of the project's
 * {@code bpmn/templates/}, read, checked (start-up refusal naming file and line), and reloaded while in use.
 */
class MessageTemplatesTest {

    private static final Instant DECEMBER_3 = Instant.parse("2026-12-03T23:30:00Z");

    @TempDir
    Path scenarios;

    private Path copy() {
        return TemplateDirs.copyInto(scenarios);
    }

    private MessageTemplates start(Duration recheck) {
        return MessageTemplates.of(scenarios.toString(), recheck, Clock.systemUTC());
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
        // A later modification time even on file systems with coarse timestamps.
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(2)));
    }

    private static Map<String, Object> contact(String firstName) {
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", firstName);
        return model;
    }

    @Test
    void theFolderWinsOverThePackagedCopiesFileByFile() throws IOException {
        Path texts = copy();
        edit(texts.resolve("email/welcome_fr.txt"), "Bonjour", "Salut");
        Files.delete(texts.resolve("email/refund_fr.txt"));
        Files.delete(texts.resolve("email/refund_fr.html"));
        MessageTemplates templates = start(Duration.ofSeconds(2));

        assertThat(templates.renderEmail("welcome", "fr", contact("Zoé"), false, DECEMBER_3, ZoneId.of("Europe/Paris"))
                .text()).startsWith("Salut Zoé,");
        MessageTemplates.TemplateInfo refund = templates.find(MessageChannel.EMAIL, "refund").orElseThrow();
        assertThat(refund.files()).filteredOn(f -> f.name().equals("email/refund_fr.html"))
                .singleElement().satisfies(f -> assertThat(f.packaged()).isTrue());
        assertThat(refund.files()).filteredOn(f -> f.name().equals("email/refund_en.html"))
                .singleElement().satisfies(f -> assertThat(f.packaged()).isFalse());
        assertThat(templates.list()).extracting(MessageTemplates.TemplateInfo::messageType)
                .contains("welcome", "cart-reminder-1", "order-confirmation");
        assertThat(templates.exists(MessageChannel.SMS, "welcome")).isTrue();
        assertThat(templates.exists(MessageChannel.SMS, "order-confirmation")).isFalse();
    }

    @Test
    void anUnknownVariableIsRefusedNamingFileAndLine() throws IOException {
        Path texts = copy();
        // Line 8 of the French order confirmation reads the first name; the designer misspells it.
        edit(texts.resolve("email/order-confirmation_fr.html"), "<span th:text=\"${firstName}\">",
                "<span th:text=\"${fristName}\">");

        assertThatThrownBy(() -> start(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("email/order-confirmation_fr.html");
                    assertThat(e.line()).isEqualTo(8);
                    assertThat(e.problem()).contains("unknown variable 'fristName'").contains("order-confirmation");
                });
    }

    @Test
    void aTemplateThatDoesNotRenderIsRefusedNamingFileAndLine() throws IOException {
        Path texts = copy();
        // An expression Thymeleaf cannot evaluate: a method the value does not have, on line 10.
        edit(texts.resolve("email/order-confirmation_en.html"), "th:text=\"${orderId}\"", "th:text=\"${orderId.noSuchMethod()}\"");

        assertThatThrownBy(() -> start(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("email/order-confirmation_en.html");
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.problem()).contains("does not render").contains("noSuchMethod");
                });
    }

    @Test
    void aSyntaxErrorIsRefusedNamingFileAndLine() throws IOException {
        Path texts = copy();
        edit(texts.resolve("sms/welcome_en.txt"), "welcome!", "welcome [(${firstName + })]!");

        assertThatThrownBy(() -> start(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("sms/welcome_en.txt");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.problem()).contains("cannot be read");
                });
    }

    @Test
    void aMessageTypeWithoutSamplesOrWithoutItsTextPartIsRefused() throws IOException {
        Path texts = copy();
        Files.copy(texts.resolve("sms/welcome_fr.txt"), texts.resolve("sms/flash-reminder_fr.txt"));
        assertThatThrownBy(() -> start(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("sms/flash-reminder_fr.txt");
                    assertThat(e.problem()).contains("no sample values").contains("flash-reminder:");
                });
        Files.delete(texts.resolve("sms/flash-reminder_fr.txt"));
        Files.copy(texts.resolve("email/welcome_en.html"), texts.resolve("email/flash-sale_en.html"));
        assertThatThrownBy(() -> start(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("email/flash-sale_en.html");
                    assertThat(e.problem()).contains("add email/flash-sale_en.txt");
                });
    }

    @Test
    void badWhyLinesAndSamplesAreRefusedNamingTheLine() throws IOException {
        Path texts = copy();
        Files.writeString(texts.resolve("email/why_en.properties"), "date-format=MMMM d\ndefault=Because.\n"
                + "cart-remindr-1=You left items on {date}.\n");
        assertThatThrownBy(() -> start(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("email/why_en.properties");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.problem()).contains("'cart-remindr-1' is no email message type");
                });
        TemplateDirs.copyInto(scenarios.resolve("other"));
        Path samples = scenarios.resolve("other/bpmn/templates/samples.yaml");
        edit(samples, "messages:", "mesages:");
        assertThatThrownBy(() -> MessageTemplates.of(scenarios.resolve("other").toString(), Duration.ofSeconds(2),
                Clock.systemUTC()))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.file()).endsWith("samples.yaml");
                    assertThat(e.line()).isPositive();
                    assertThat(e.problem()).contains("unknown key 'mesages'");
                });
    }

    @Test
    void aChangedTextIsUsedWithinSecondsAndABrokenChangeKeepsThePreviousOne() throws Exception {
        Path texts = copy();
        MessageTemplates templates = start(Duration.ofMillis(200));
        assertThat(templates.renderSms("welcome", "fr", contact("Zoé"))).startsWith("Bonjour Zoé, bienvenue");

        edit(texts.resolve("sms/welcome_fr.txt"), "bienvenue !", "bienvenue chez nous !");
        assertThat(eventually(() -> templates.renderSms("welcome", "fr", contact("Zoé"))))
                .contains("bienvenue chez nous !");
        assertThat(templates.status().refused()).isNull();

        // A typo: refused, the previous text stays in use, the problem is shown with its line.
        edit(texts.resolve("sms/welcome_fr.txt"), "[(${firstName}", "[(${prenom}");
        MessageTemplates.Status status = eventuallyRefused(templates);
        assertThat(status.refused().file()).endsWith("sms/welcome_fr.txt");
        assertThat(status.refused().line()).isEqualTo(1);
        assertThat(status.refused().problem()).contains("unknown variable 'prenom'");
        assertThat(templates.renderSms("welcome", "fr", contact("Zoé"))).contains("Zoé, bienvenue chez nous !");

        // Fixed: in use, nothing refused any more.
        edit(texts.resolve("sms/welcome_fr.txt"), "[(${prenom}", "[(${firstName}");
        edit(texts.resolve("sms/welcome_fr.txt"), "chez nous", "parmi nous");
        assertThat(eventually(() -> templates.renderSms("welcome", "fr", contact("Zoé"))))
                .contains("bienvenue parmi nous !");
        assertThat(templates.status().refused()).isNull();
    }

    /** Looks again every 100 ms for up to 5 s until the text changes from the first one seen. */
    private static String eventually(java.util.function.Supplier<String> render) throws InterruptedException {
        String first = render.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String now = first;
        while (now.equals(first) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = render.get();
        }
        return now;
    }

    private static MessageTemplates.Status eventuallyRefused(MessageTemplates templates) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        MessageTemplates.Status status = templates.status();
        while (status.refused() == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = templates.status();
        }
        assertThat(status.refused()).as("the broken change is refused").isNotNull();
        return status;
    }

    @Test
    void aCommercialEmailSaysWhyWithTheTriggerDayInTheContactsZoneATransactionalOneDoesNot() {
        MessageTemplates templates = start(Duration.ofSeconds(2));
        Map<String, Object> model = contact("Marie");
        model.put("unsubscribeUrl", "https://relance.example/u/1");

        // 23:30 UTC on 3 December is already 4 December in Paris, still 3 December in Montreal.
        MessageTemplates.Email paris = templates.renderEmail("cart-reminder-1", "fr", model, true, DECEMBER_3,
                ZoneId.of("Europe/Paris"));
        assertThat(paris.text()).contains("Vous recevez ce message car vous avez laissé des articles dans votre panier"
                + " le 4 décembre.");
        assertThat(paris.html()).contains("Vous recevez ce message car vous avez laissé des articles dans votre"
                + " panier le 4 décembre.");
        MessageTemplates.Email montreal = templates.renderEmail("cart-reminder-1", "en", model, true, DECEMBER_3,
                ZoneId.of("America/Montreal"));
        assertThat(montreal.text()).contains("You receive this message because you left items in your basket on"
                + " December 3.");
        // A commercial message type without a line of its own gets the default one.
        assertThat(templates.renderEmail("newsletter", "fr", model, true, DECEMBER_3, ZoneId.of("Europe/Paris"))
                .text()).contains("Vous recevez ce message car vous êtes abonné(e) à notre lettre d'information.");

        MessageTemplates.Email confirmation = templates.renderEmail("order-confirmation", "fr", contact("Marie"),
                false, DECEMBER_3, ZoneId.of("Europe/Paris"));
        assertThat(confirmation.text()).doesNotContain("Vous recevez ce message car");
        assertThat(confirmation.html()).doesNotContain("Vous recevez ce message car");
    }

    @Test
    void everyGreetingCopesWithoutAFirstName() throws IOException {
        MessageTemplates templates = start(Duration.ofSeconds(2));
        MessageTemplates.Email fr = templates.renderEmail("order-confirmation", "fr", contact(null), false, DECEMBER_3,
                ZoneId.of("Europe/Paris"));
        assertThat(fr.text()).startsWith("Bonjour,\n");
        assertThat(fr.html()).contains("<p>Bonjour,</p>");
        assertThat(templates.renderEmail("order-confirmation", "en", contact(null), false, DECEMBER_3,
                ZoneId.of("Europe/Paris")).text()).startsWith("Hello,\n");
        assertThat(templates.renderEmail("welcome", "fr", contact(null), true, DECEMBER_3, ZoneId.of("Europe/Paris"))
                .subject()).isEqualTo("Bienvenue, merci pour votre inscription");
        assertThat(templates.renderEmail("birthday", "fr", contact(null), true, DECEMBER_3, ZoneId.of("Europe/Paris"))
                .subject()).isEqualTo("Joyeux anniversaire ! Un cadeau vous attend");

        // Every message type, both languages, both channels: no greeting with a gap before its comma.
        List<String> gaps = new java.util.ArrayList<>();
        for (MessageTemplates.TemplateInfo info : templates.list()) {
            for (String language : info.languages()) {
                Map<String, Object> model = new HashMap<>(templates.sampleVariables(info.messageType()));
                model.put("firstName", null);
                List<String> rendered = info.channel() == MessageChannel.EMAIL
                        ? emailParts(templates.renderEmail(info.messageType(), language, model, true, DECEMBER_3,
                        ZoneId.of("Europe/Paris")))
                        : List.of(templates.renderSms(info.messageType(), language, model));
                for (String text : rendered) {
                    if (Stream.of("Bonjour ,", "Hello ,", "anniversaire  !", "birthday !", "birthday  ", "Bonjour <").anyMatch(
                            text::contains)) {
                        gaps.add(info.channel().key() + "/" + info.messageType() + "_" + language);
                    }
                }
            }
        }
        assertThat(gaps).isEmpty();
        assertThat(templates.list()).hasSizeGreaterThan(30);
    }

    private static List<String> emailParts(MessageTemplates.Email email) {
        return List.of(email.subject(), email.html(), email.text());
    }
}
