package io.relance.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;

/** Writes a problem document outside Spring MVC (servlet filters, security entry points). */
@Component
public class ProblemWriter {

    private final ObjectMapper objectMapper;

    public ProblemWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletResponse response, HttpStatus status, String title, String detail,
                      String instance) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://relance.io/problems/" + title.toLowerCase().replace(' ', '-')));
        URI uri = instanceUri(instance);
        if (uri != null) {
            problem.setInstance(uri);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    /** The problem as JSON text, for writers outside the servlet API (Tomcat's error report valve). */
    String json(HttpStatus status, String title, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://relance.io/problems/" + title.toLowerCase().replace(' ', '-')));
        URI uri = instanceUri(instance);
        if (uri != null) {
            problem.setInstance(uri);
        }
        try {
            return objectMapper.writeValueAsString(problem);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path as a URI reference; none when the request's path is not a valid one (a refused request's). */
    private static URI instanceUri(String instance) {
        if (instance == null) {
            return null;
        }
        try {
            return new URI(instance);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
