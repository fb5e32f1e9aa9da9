package io.relance.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

final class ProblemResponses {

    private ProblemResponses() {
    }

    static ResponseEntity<Object> asProblemJson(ResponseEntity<Object> response) {
        if (response == null) {
            return null;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }
}
