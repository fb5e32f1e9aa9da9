package io.relance.channel.email;

import io.relance.channel.template.MessageTemplates;
import io.relance.support.TemplateDirs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailTemplatesTest {

    @TempDir
    static Path scenarios;
    private static EmailTemplates templates;

    /** The project's texts, and an email of the test's own whose subject comes from its title. */
    @BeforeAll
    static void texts() throws IOException {
        Path copy = TemplateDirs.copyInto(scenarios);
        for (String part : List.of("test-title_en.html", "test-title_en.txt")) {
            try (var in = EmailTemplatesTest.class.getResourceAsStream("/templates-test/" + part)) {
                Files.write(copy.resolve("email/" + part), in.readAllBytes());
            }
        }
        Files.writeString(copy.resolve("samples.yaml"), Files.readString(copy.resolve("samples.yaml"))
                + "  test-title: {}\n");
        templates = new EmailTemplates(MessageTemplates.of(scenarios.toString(), Duration.ofSeconds(2),
                Clock.systemUTC()), new EmailProperties("x@example.com", "fr", List.of()), "Europe/Paris");
    }

    @Test
    void theSubjectComesFromTheBundleOrElseFromTheTitle() {
        assertThat(templates.render("welcome", Locale.FRENCH, Map.of("firstName", "Zoé")).subject())
                .isEqualTo("Bienvenue Zoé, merci pour votre inscription");
        assertThat(templates.render("test-title", Locale.ENGLISH, Map.of("firstName", "Zoé & <co>")).subject())
                .isEqualTo("Hello Zoé & <co>, your order");
    }

    @Test
    void theContactsLanguageElseTheDefaultElseEnglish() {
        assertThat(templates.languageFor("welcome", "en-GB")).isEqualTo(Locale.ENGLISH);
        assertThat(templates.languageFor("welcome", "de-DE")).isEqualTo(Locale.FRENCH);
        assertThat(templates.languageFor("test-title", "fr")).isEqualTo(Locale.ENGLISH);
        assertThatThrownBy(() -> templates.languageFor("no-such-type", "fr"))
                .hasMessageContaining("No email template for message type 'no-such-type'");
        assertThatThrownBy(() -> templates.languageFor("Bad Type", "fr")).hasMessageContaining("lower-case");
    }

    /** Every shipped template renders in both languages, with its variables missing (a broken expression fails here). */
    @Test
    void everyShippedTemplateRendersWithoutItsVariables() throws Exception {
        List<Path> files;
        try (var listing = Files.list(TemplateDirs.PROJECT_TEMPLATES.resolve("email"))) {
            files = listing.filter(f -> f.getFileName().toString().endsWith("_fr.html")).toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        for (Path file : files) {
            String type = file.getFileName().toString().replace("_fr.html", "");
            for (Locale language : List.of(Locale.FRENCH, Locale.ENGLISH)) {
                EmailTemplates.Rendered rendered = templates.render(type, language, Map.of());
                assertThat(rendered.subject()).as(type + " " + language).isNotBlank();
                assertThat(rendered.text()).as(type + " " + language).isNotBlank();
            }
        }
    }

    /** The third cart reminder shows the items the shop sent as related to the cart, else the static link. */
    @Test
    void theCrossSellShowsTheShopsRelatedItemsElseTheBestSellers() {
        List<Map<String, Object>> related = List.of(
                Map.of("name", "Trail socks", "url", "https://shop.example.com/p/socks", "price", 12.5,
                        "imageUrl", "https://cdn.example.com/socks.jpg"),
                Map.of("name", "Not a link", "url", "javascript:alert(1)"),
                Map.of("name", "Water bottle", "url", "https://shop.example.com/p/bottle"));
        EmailTemplates.Rendered withRelated = templates.render("cart-reminder-3", Locale.FRENCH,
                Map.of("related", related));
        assertThat(withRelated.text()).contains("Ces articles vont bien avec votre panier")
                .contains("- Trail socks : 12,50 € https://shop.example.com/p/socks")
                .contains("- Water bottle https://shop.example.com/p/bottle")
                .doesNotContain("Not a link").doesNotContain("meilleures-ventes");
        assertThat(withRelated.html()).contains("href=\"https://shop.example.com/p/socks\"")
                .contains("src=\"https://cdn.example.com/socks.jpg\"").doesNotContain("javascript:")
                .doesNotContain("meilleures-ventes");
        assertThat(templates.render("cart-reminder-3", Locale.ENGLISH, Map.of("related", related)).text())
                .contains("These go well with your cart").contains("- Trail socks : €12.50");

        for (Map<String, Object> variables : List.<Map<String, Object>>of(Map.of(), Map.of("related", List.of()))) {
            EmailTemplates.Rendered without = templates.render("cart-reminder-3", Locale.FRENCH, variables);
            assertThat(without.text()).contains("https://www.example.com/meilleures-ventes")
                    .doesNotContain("vont bien avec");
            assertThat(without.html()).contains("https://www.example.com/meilleures-ventes");
        }
    }
}
