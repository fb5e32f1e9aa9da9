package io.relance.channel.email;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Email settings; the SMTP server itself is configured with the standard {@code spring.mail.*} properties.
 *
 * @param from          the sender, e.g. {@code "Maison Dupont <news@maison-dupont.fr>"}
 * @param defaultLocale language of contacts whose locale has no template
 * @param untrackedTypes message types sent without click tracking and open pixel (e.g. password-reset)
 */
@ConfigurationProperties("relance.email")
public record EmailProperties(@DefaultValue("Relance <no-reply@relance.localhost>") String from,
                              @DefaultValue("fr") String defaultLocale,
                              @DefaultValue({}) List<String> untrackedTypes) {
}
