package io.relance.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Refusals of {@code /engine-rest} that are about access or routing, as {@code application/problem+json} like the
 * rest of Relance: the engine's own 403 (an authenticated user whose Camunda authorizations do not allow the call,
 * e.g. a sales rep completing another group's task) and Jersey's own answers without a body (404 unknown resource,
 * 405 method, 406, 415). Camunda's other errors (400 bad query parameter, 404 unknown id, 500) keep Camunda's
 * documented {@code {"type", "message"}} format, which Camunda's clients read.
 */
@Component
class EngineRestProblems implements ResourceConfigCustomizer {

    private final ObjectMapper objectMapper;

    EngineRestProblems(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void customize(org.glassfish.jersey.server.ResourceConfig config) {
        config.register(new Forbidden());
        config.register(new Routing());
    }

    private Response problem(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://relance.io/problems/" + title.toLowerCase().replace(' ', '-')));
        properties.forEach(problem::setProperty);
        try {
            return Response.status(status.value()).type(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .entity(objectMapper.writeValueAsString(problem)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The engine refused the call for the authenticated user: 403, naming the missing permissions. */
    final class Forbidden implements ExceptionMapper<AuthorizationException> {
        @Override
        public Response toResponse(AuthorizationException e) {
            List<Map<String, String>> missing = e.getMissingAuthorizations().stream()
                    .map(m -> Map.of("permission", String.valueOf(m.getViolatedPermissionName()),
                            "resource", String.valueOf(m.getResourceType()),
                            "resourceId", String.valueOf(m.getResourceId())))
                    .toList();
            return problem(HttpStatus.FORBIDDEN, "Forbidden",
                    "Your account's Camunda authorizations do not allow this call.",
                    Map.of("userId", String.valueOf(e.getUserId()), "missingAuthorizations", missing));
        }
    }

    /** Jersey's own refusals (no such resource, method, media type); answers that carry a body are kept. */
    final class Routing implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response response = e.getResponse();
            HttpStatus status = HttpStatus.resolve(response.getStatus());
            if (response.hasEntity() || status == null || !status.is4xxClientError()) {
                return response;
            }
            return problem(status, status.getReasonPhrase(), switch (status) {
                case NOT_FOUND -> "No such resource in Camunda's REST API.";
                case METHOD_NOT_ALLOWED -> "This resource does not take that method.";
                default -> status.getReasonPhrase() + ".";
            }, Map.of());
        }
    }
}
