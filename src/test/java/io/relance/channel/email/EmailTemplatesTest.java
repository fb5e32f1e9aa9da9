package io.relance.channel.email;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailTemplatesTest {

    private final EmailTemplates templates = new EmailTemplates(new EmailProperties("x@example.com", "fr", List.of()));

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
        org.springframework.core.io.Resource[] files = new org.springframework.core.io.support
                .PathMatchingResourcePatternResolver().getResources("classpath*:templates/email/*_fr.html");
        assertThat(files).hasSizeGreaterThan(20);
        for (org.springframework.core.io.Resource file : files) {
            String type = file.getFilename().replace("_fr.html", "");
            for (Locale language : List.of(Locale.FRENCH, Locale.ENGLISH)) {
                EmailTemplates.Rendered rendered = templates.render(type, language, Map.of());
                assertThat(rendered.subject()).as(type + " " + language).isNotBlank();
                assertThat(rendered.text()).as(type + " " + language).isNotBlank();
            }
        }
    }
}
