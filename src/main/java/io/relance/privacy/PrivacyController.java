package io.relance.privacy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

/**
 * {@code DELETE /api/contacts/{contactId}}: erases the contact everywhere (202 and the receipt; 404 when there is no
 * such contact, saying when it was erased if it was). {@code GET /api/contacts/{contactId}/export}: everything
 * Relance holds about the person. Both for accounts of groups camunda-admin and integration (see SecurityConfig).
 */
@RestController
class PrivacyController {

    private final ErasureService erasures;
    private final ContactExport export;

    PrivacyController(ErasureService erasures, ContactExport export) {
        this.erasures = erasures;
        this.export = export;
    }

    @DeleteMapping("/api/contacts/{contactId}")
    ResponseEntity<Erasure> erase(@PathVariable String contactId, Principal principal) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(erasures.erase(contactId, principal.getName(), ErasureService.Cause.REQUEST));
    }

    @GetMapping("/api/contacts/{contactId}/export")
    ContactExport.Document export(@PathVariable String contactId) {
        return export.of(contactId);
    }
}
