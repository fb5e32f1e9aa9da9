package io.relance.insight;

import io.relance.channel.CommunicationLog;
import io.relance.channel.email.DevMailServer;
import io.relance.channel.sms.SmsMessage;
import io.relance.channel.sms.SmsSink;
import io.relance.channel.webhook.WebhookSink;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outbox page ({@code /outbox}, administrators): the latest sends of the communication log and, in the embedded
 * default, the mail received by the in-process SMTP server, so a newcomer sees the scenarios work.
 */
@Controller
class OutboxController {

    private final CommunicationLog communications;
    private final ObjectProvider<DevMailServer> devMail;
    private final ObjectProvider<SmsSink> smsSink;
    private final WebhookSink webhookSink;

    OutboxController(CommunicationLog communications, ObjectProvider<DevMailServer> devMail,
                     ObjectProvider<SmsSink> smsSink, WebhookSink webhookSink) {
        this.communications = communications;
        this.devMail = devMail;
        this.smsSink = smsSink;
        this.webhookSink = webhookSink;
    }

    /** A mail of the in-process SMTP server, as the outbox lists it. */
    record Mail(long index, String to, String subject, String sentAt) {
    }

    @GetMapping("/outbox")
    String outbox(Model model) throws Exception {
        model.addAttribute("communications", communications.latest());
        DevMailServer server = devMail.getIfAvailable();
        model.addAttribute("devMail", server != null);
        model.addAttribute("mailCapacity", DevMailServer.CAPACITY);
        List<Mail> mails = new ArrayList<>();
        if (server != null) {
            List<DevMailServer.Mail> received = server.received();
            for (int i = received.size() - 1; i >= 0 && mails.size() < 100; i--) {
                MimeMessage message = received.get(i).message();
                mails.add(new Mail(received.get(i).number(), Arrays.toString(message.getAllRecipients()),
                        message.getSubject(), String.valueOf(message.getSentDate())));
            }
        }
        model.addAttribute("mails", mails);
        SmsSink sms = smsSink.getIfAvailable();
        model.addAttribute("smsSink", sms != null);
        List<SmsMessage> texts = sms == null ? List.of() : new ArrayList<>(sms.messages());
        java.util.Collections.reverse(texts);
        model.addAttribute("sms", texts);
        List<WebhookSink.Call> calls = new ArrayList<>(webhookSink.calls());
        java.util.Collections.reverse(calls);
        model.addAttribute("webhooks", calls);
        return "outbox";
    }

    @GetMapping("/outbox/mail/{index}")
    ResponseEntity<String> mail(@PathVariable long index) throws Exception {
        DevMailServer server = devMail.getIfAvailable();
        MimeMessage message = server == null ? null : server.mail(index).orElse(null);
        if (message == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        String html = part(message.getContent(), "text/html");
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                .header("Content-Security-Policy", "script-src 'none'")
                .body(html == null ? "(no HTML part)" : html);
    }

    private static String part(Object content, String type) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return part.getContent().toString();
                }
                String nested = part(part.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
