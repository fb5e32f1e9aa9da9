package io.relance.channel.email;

import io.relance.channel.Category;
import io.relance.channel.ChannelSender;
import io.relance.channel.Delivery;
import io.relance.channel.MessageChannel;
import io.relance.channel.ProviderOutcomeUnknownException;
import io.relance.channel.ProviderRejectedException;
import io.relance.channel.ProviderUnavailableException;
import io.relance.channel.SendRequest;
import io.relance.channel.TrackedLinks;
import io.relance.channel.template.MessageTemplates;
import io.relance.contact.ContactView;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email through Jakarta Mail ({@code spring.mail.*}): HTML and plain-text parts from the templates, in the contact's
 * language. Commercial emails carry {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} (RFC 8058) and an
 * unsubscribe link; links are rewritten for click tracking and an open pixel is added, unless the message type is
 * listed in {@code relance.email.untracked-types}.
 */
@Component
class EmailSender implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);
    /** The unsubscribe link of a preview or test send: shows where the link is, leads nowhere. */
    static final String PREVIEW_UNSUBSCRIBE = "https://unsubscribe.invalid/preview";
    private static final Pattern HREF = Pattern.compile("href=\"(https?://[^\"]+)\"");

    private final JavaMailSender mailSender;
    private final EmailTemplates templates;
    private final TrackedLinks trackedLinks;
    private final EmailProperties properties;
    private final TriggerDates triggerDates;

    EmailSender(JavaMailSender mailSender, EmailTemplates templates, TrackedLinks trackedLinks,
                EmailProperties properties, TriggerDates triggerDates) {
        this.triggerDates = triggerDates;
        this.mailSender = mailSender;
        this.templates = templates;
        this.trackedLinks = trackedLinks;
        this.properties = properties;
        if (!HandOverSmtpTransport.install(mailSender)) {
            log.warn("The mail sender is a {}, not a JavaMailSenderImpl: a failure after the message data was sent"
                    + " cannot be told from one before, so it is retried as if nothing had been delivered",
                    mailSender.getClass().getName());
        }
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.EMAIL;
    }

    @Override
    public String unreachableReason(ContactView contact) {
        return contact.email() == null || contact.email().isBlank() ? "no email address" : null;
    }

    /** The start dates of the scenarios of a group of commercial emails (their why line), in one history query. */
    @Override
    public void readAhead(List<SendRequest> requests) {
        triggerDates.readAhead(requests.stream().filter(r -> r.category() == Category.COMMERCIAL)
                .map(SendRequest::processInstanceId).toList());
    }

    @Override
    public Prepared prepare(ContactView contact, SendRequest request, String communicationId) {
        Locale language = templates.languageFor(request.messageType(), contact.locale());
        boolean commercial = request.category() == Category.COMMERCIAL;
        boolean tracked = !properties.untrackedTypes().contains(request.messageType());
        String unsubscribeUrl = commercial ? trackedLinks.unsubscribe(communicationId) : null;

        Map<String, Object> model = model(contact, request, commercial, unsubscribeUrl);
        EmailTemplates.Rendered rendered = templates.render(request.messageType(), language, model, commercial,
                triggerDates.of(request.processInstanceId()), templates.zoneOf(contact));

        List<String> links = new ArrayList<>();
        String html = rendered.html();
        if (tracked) {
            html = rewriteLinks(html, communicationId, unsubscribeUrl, links);
            String pixel = "<img src=\"" + trackedLinks.openPixel(communicationId)
                    + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">";
            html = html.contains("</body>") ? html.replace("</body>", pixel + "</body>") : html + pixel;
        }
        MimeMessage message = message(request, contact.email(), rendered, html);
        try {
            message.setHeader("X-Relance-Communication", communicationId);
            if (commercial) {
                message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Cannot build email '" + request.messageType() + "': " + e.getMessage(),
                    e);
        }
        return new Prepared(contact.email(), rendered.subject(), links, message);
    }

    /**
     * The email as {@link #prepare} renders it, untracked, to {@code recipient}; a commercial one links to
     * {@link #PREVIEW_UNSUBSCRIBE} (a preview must not unsubscribe anyone) and carries no List-Unsubscribe header.
     */
    @Override
    public Preview preview(ContactView contact, SendRequest request, String recipient) {
        Locale language = templates.languageFor(request.messageType(), contact.locale());
        boolean commercial = request.category() == Category.COMMERCIAL;
        Map<String, Object> model = model(contact, request, commercial, commercial ? PREVIEW_UNSUBSCRIBE : null);
        EmailTemplates.Rendered rendered = templates.render(request.messageType(), language, model, commercial,
                triggerDates.of(request.processInstanceId()), templates.zoneOf(contact));
        MimeMessage message = recipient == null ? null : message(request, recipient, rendered, rendered.html());
        if (message != null) {
            try {
                message.setHeader("X-Relance-Test-Send", "true");
            } catch (MessagingException e) {
                throw new IllegalArgumentException("Cannot build email '" + request.messageType() + "': "
                        + e.getMessage(), e);
            }
        }
        return new Preview(recipient, rendered.subject(), rendered.html(), rendered.text(), null, null,
                new Prepared(recipient, rendered.subject(), List.of(), message));
    }

    /** What the templates may read: the scenario's variables and the contact's fields (a blank name is none). */
    private static Map<String, Object> model(ContactView contact, SendRequest request, boolean commercial,
                                             String unsubscribeUrl) {
        Map<String, Object> model = new HashMap<>(request.variables());
        model.putAll(MessageTemplates.contactFields(contact));
        model.put("commercial", commercial);
        model.put("unsubscribeUrl", unsubscribeUrl);
        return model;
    }

    private MimeMessage message(SendRequest request, String to, EmailTemplates.Rendered rendered, String html) {
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(properties.from());
            helper.setTo(to);
            helper.setSubject(rendered.subject());
            helper.setText(rendered.text(), html);
            return message;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Cannot build email '" + request.messageType() + "': " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Delivery deliver(Prepared prepared) {
        MimeMessage message = (MimeMessage) prepared.payload();
        try {
            mailSender.send(message);
            return delivered(message, prepared);
        } catch (MailAuthenticationException e) {
            throw new ProviderUnavailableException("SMTP authentication failed: " + e.getMessage(), e);
        } catch (MailSendException e) {
            if (e.getFailedMessages().isEmpty() && e.getCause() != null) {
                // No failed message: the server answered 250 to it, only closing the connection afterwards failed
                // (a retry would send it twice).
                log.info("SMTP connection close failed after the message was accepted: {}", e.getCause().toString());
                return delivered(message, prepared);
            }
            HandOverSmtpTransport.HandedOverException handedOver = handedOver(e);
            if (handedOver != null) {
                throw new ProviderOutcomeUnknownException(handedOver.getMessage(), e);
            }
            String permanent = permanentReason(e);
            if (permanent != null) {
                throw new ProviderRejectedException(permanent);
            }
            throw new ProviderUnavailableException("SMTP server unavailable: " + e.getMessage(), e);
        } catch (MailException e) {
            throw new ProviderUnavailableException("SMTP error: " + e.getMessage(), e);
        }
    }

    private static Delivery delivered(MimeMessage message, Prepared prepared) {
        try {
            return new Delivery(message.getMessageID(), prepared.recipient(), prepared.subject());
        } catch (MessagingException e) {
            return new Delivery(null, prepared.recipient(), prepared.subject());
        }
    }

    private static HandOverSmtpTransport.HandedOverException handedOver(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof HandOverSmtpTransport.HandedOverException handedOver) {
                    return handedOver;
                }
            }
        }
        return null;
    }

    /** A 5xx answer about the recipient or the message is permanent; connection problems and 4xx are not. */
    private static String permanentReason(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SMTPAddressFailedException address && address.getReturnCode() >= 500) {
                    return "recipient refused: " + address.getReturnCode() + " " + address.getMessage().strip();
                }
                if (t instanceof SMTPSendFailedException send && send.getReturnCode() >= 500) {
                    return "message refused: " + send.getReturnCode() + " " + send.getMessage().strip();
                }
                if (t instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                        && sendFailed.getInvalidAddresses().length > 0) {
                    return "invalid address: " + sendFailed.getMessage();
                }
            }
        }
        return null;
    }

    private String rewriteLinks(String html, String communicationId, String unsubscribeUrl, List<String> links) {
        Matcher matcher = HREF.matcher(html);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String url = org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1));
            String replacement;
            if (url.equals(unsubscribeUrl)) {
                replacement = matcher.group(0);
            } else {
                links.add(url);
                replacement = "href=\"" + trackedLinks.click(communicationId, links.size() - 1)
                        + "\"";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
