package io.relance.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a contact belongs to a segment given by an event, for the scenarios' gateways
 * ({@code ${contactSegments.matches(contactId, execution.getVariable('segment'))}}): the segment is a JSON object of
 * contact attributes the contact must have, all of them (as for broadcasts, {@code {"interest": "outdoor"}}); no
 * segment (null or empty) means every contact. A contact that no longer exists (erased) belongs to none.
 */
@Component("contactSegments")
public class ContactSegments {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ContactService contacts;
    private final ObjectMapper objectMapper;

    ContactSegments(ContactService contacts, ObjectMapper objectMapper) {
        this.contacts = contacts;
        this.objectMapper = objectMapper;
    }

    public boolean matches(String contactId, Object segment) {
        Map<String, Object> wanted = wanted(segment);
        if (wanted.isEmpty()) {
            return true;
        }
        return contacts.find(contactId).map(contact -> Audience.matches(wanted, contact.attributes())).orElse(false);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> wanted(Object segment) {
        if (segment == null) {
            return Map.of();
        }
        if (segment instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        String json = segment.toString().strip();
        if (json.isEmpty()) {
            return Map.of();
        }
        try {
            return objectMapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'segment' must be a JSON object of contact attributes such as"
                    + " {\"interest\": \"outdoor\"}, was " + json, e);
        }
    }
}
