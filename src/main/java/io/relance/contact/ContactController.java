package io.relance.contact;

import io.relance.web.ApiException;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

@RestController
@RequestMapping("/api/contacts")
class ContactController {

    /** Ids come from the shop or CRM: letters, digits and {@code . _ : @ -}, up to 64 characters. */
    static final Pattern CONTACT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}");

    private final ContactService contacts;

    ContactController(ContactService contacts) {
        this.contacts = contacts;
    }

    @PutMapping("/{contactId}")
    ResponseEntity<ContactView> upsert(@PathVariable String contactId, @Valid @RequestBody ContactRequest request,
                                       Principal principal) {
        checkId(contactId);
        ContactService.Upserted result = contacts.upsert(contactId, request,
                principal == null ? null : principal.getName());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.contact());
    }

    @GetMapping("/{contactId}")
    ContactView get(@PathVariable String contactId) {
        checkId(contactId);
        return contacts.find(contactId).orElseThrow(() -> contacts.erasedAt(contactId)
                .map(at -> new ApiException(HttpStatus.NOT_FOUND, "Contact erased", "The contact '" + contactId
                        + "' was erased on " + at + ". A PUT /api/contacts/" + contactId + " creates it anew."))
                .orElseGet(() -> notFound(contactId)));
    }

    /**
     * {@code GET /api/contacts/{id}/consents[?channel=email|sms|phone]}: the consent history, newest first. Proofs are
     * personal data: administrators and integration accounts only (not group marketing).
     */
    @GetMapping("/{contactId}/consents")
    Map<String, Object> consents(@PathVariable String contactId,
                                 @RequestParam(name = "channel", required = false) String channel) {
        checkId(contactId);
        Channel only = null;
        if (channel != null) {
            only = java.util.Arrays.stream(Channel.values()).filter(c -> c.key().equals(channel)).findFirst()
                    .orElseThrow(() -> ApiException.invalid("channel", "must be email, sms or phone"));
        }
        List<ConsentRecordView> records = contacts.consentHistory(contactId, only)
                .orElseThrow(() -> notFound(contactId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contactId", contactId);
        if (only != null) {
            body.put("channel", only.key());
        }
        body.put("records", records);
        return body;
    }

    /** {@code GET /api/contacts?email=...}: the ids of the contacts with that address (the dashboard's lookup). */
    @GetMapping(params = "email")
    Map<String, Object> byEmail(@RequestParam String email) {
        if (email.isBlank() || email.length() > 254) {
            throw ApiException.invalid("email", "must be an email address of 1 to 254 characters");
        }
        return Map.of("email", email.trim(), "contactIds", contacts.idsWithEmail(email));
    }

    static void checkId(String contactId) {
        if (!CONTACT_ID.matcher(contactId).matches()) {
            throw ApiException.invalid("contactId",
                    "must be 1 to 64 letters, digits or . _ : @ - and start with a letter or digit");
        }
    }

    static ApiException notFound(String contactId) {
        return new ApiException(HttpStatus.NOT_FOUND, "Contact not found",
                "No contact with id '" + contactId + "'. Create it with PUT /api/contacts/" + contactId + ".");
    }
}
