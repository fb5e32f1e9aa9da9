package io.relance.insight;

import io.relance.channel.MessageTexts;
import io.relance.channel.ProviderUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The dashboard's message texts ({@code /insight/templates}, groups marketing and camunda-admin): the list of texts
 * (and the change the last reload refused), and per text a preview for a contact or the sample contact and a test
 * send to an address given in the form (CSRF token; recorded as a test send, never counted in pressure). Rendered on
 * the server through {@link MessageTexts}, the service behind {@code /api/templates}; the HTML of an email is shown
 * only inside a sandboxed iframe ({@code srcdoc}, no scripts).
 */
@Controller
class TemplatePages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

    private final MessageTexts texts;

    TemplatePages(MessageTexts texts) {
        this.texts = texts;
    }

    @GetMapping("/insight/templates")
    String list(Principal user, Model model) {
        MessageTexts.Listing listing = texts.list();
        model.addAttribute("user", user.getName());
        model.addAttribute("listing", listing);
        model.addAttribute("loadedAt", when(listing.loadedAt()));
        model.addAttribute("refusedAt", listing.refused() == null ? null : when(listing.refused().at()));
        return "insight/templates";
    }

    @GetMapping("/insight/templates/{channel}/{messageType}")
    String preview(@PathVariable String channel, @PathVariable String messageType,
                   @RequestParam(required = false) String contactId, Principal user, Model model,
                   HttpServletResponse response) {
        model.addAttribute("user", user.getName());
        model.addAttribute("channel", channel);
        model.addAttribute("messageType", messageType);
        MessageTexts.Text text;
        try {
            text = texts.one(channel, messageType);
        } catch (MessageTexts.Refused e) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "insight/template";
        }
        String contact = blankToNull(contactId);
        model.addAttribute("text", text);
        model.addAttribute("contactId", contact);
        model.addAttribute("samples", texts.sampleVariables(messageType));
        try {
            model.addAttribute("preview", texts.preview(channel, messageType, contact, null));
        } catch (MessageTexts.Refused e) {
            model.addAttribute("error", inFrench(e, channel, contact, null));
        }
        return "insight/template";
    }

    @PostMapping("/insight/templates/{channel}/{messageType}/test-send")
    String testSend(@PathVariable String channel, @PathVariable String messageType,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String contactId,
                    Principal user, RedirectAttributes redirect) {
        String contact = blankToNull(contactId);
        try {
            redirect.addFlashAttribute("sent", texts.testSend(channel, messageType, to, contact, null,
                    user.getName()));
        } catch (MessageTexts.Refused e) {
            redirect.addFlashAttribute("sendError", inFrench(e, channel, contact, to));
        } catch (ProviderUnavailableException e) {
            redirect.addFlashAttribute("sendError", "Le fournisseur n'a pas pris le message (enregistré comme envoi"
                    + " de test échoué) : " + e.getMessage());
        }
        redirect.addFlashAttribute("to", to);
        if (contact != null) {
            redirect.addAttribute("contactId", contact);
        }
        // Post/redirect/get: reloading the page shows the preview again, it does not send again.
        return "redirect:/insight/templates/{channel}/{messageType}";
    }

    /** What a refusal means to the marketer (the dashboard speaks French; the API's words follow when useful). */
    private static String inFrench(MessageTexts.Refused refused, String channel, String contactId, String to) {
        boolean sms = "sms".equals(channel);
        String recipient = to == null ? "" : to.strip();
        return switch (refused.problem()) {
            case UNKNOWN_CHANNEL, UNKNOWN_MESSAGE_TYPE -> "Ce texte n'existe pas (ou plus).";
            case UNKNOWN_CONTACT -> "Aucun contact n'a l'identifiant « " + contactId + " ».";
            case MISSING_RECIPIENT -> sms ? "Indiquez le numéro de téléphone qui reçoit le test (format international,"
                    + " ex. +33612345678)." : "Indiquez l'adresse e-mail qui reçoit le test.";
            case BAD_RECIPIENT -> sms ? "« " + recipient + " » n'est pas un numéro au format international (E.164,"
                    + " ex. +33612345678)." : "« " + recipient + " » n'est pas une adresse e-mail (ex."
                    + " marie@example.com).";
            case CANNOT_RENDER -> "Ce texte ne peut pas être rendu avec ces données : " + refused.getMessage();
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String when(Instant at) {
        return at == null ? null : WHEN.format(at.atZone(ZoneId.systemDefault()));
    }
}
