package io.relance.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.web.servlet.error.AbstractErrorController;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Spring Boot's {@code /error}, where the servlet container sends what no controller answered: an unknown path
 * (404), a method a path does not take (405), an exception outside Spring MVC. Answers an RFC 9457 problem document,
 * except to a browser (it accepts {@code text/html}) on a page of Relance (the dashboard {@code /insight}, the
 * Camunda webapps {@code /camunda}, the outbox), which gets Spring Boot's HTML error page. The domain API
 * ({@code /api}), Camunda's REST API ({@code /engine-rest}) and the tracking links ({@code /t}) always answer problem
 * documents.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController extends AbstractErrorController {

    /** Machine endpoints: a problem document whatever the client accepts. */
    static final List<String> MACHINE_PATHS = List.of("/api", "/engine-rest", "/t", "/actuator");

    private final ProblemWriter problems;

    ProblemErrorController(ErrorAttributes errorAttributes, ProblemWriter problems) {
        super(errorAttributes);
        this.problems = problems;
    }

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isMachinePath(originalPath(request))) {
            problem(request, response);
            return null;
        }
        HttpStatus status = getStatus(request);
        Map<String, Object> model = getErrorAttributes(request, ErrorAttributeOptions.defaults());
        response.setStatus(status.value());
        ModelAndView page = resolveErrorView(request, response, status, model);
        return page != null ? page : new ModelAndView("error", model, status);
    }

    @RequestMapping
    void problem(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            response.setStatus(status.value());
            return;
        }
        problems.write(response, status, status.getReasonPhrase(), detail(status), originalPath(request));
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "Nothing here: check the path (see the API in README).";
            case METHOD_NOT_ALLOWED -> "This path does not take that method.";
            case UNSUPPORTED_MEDIA_TYPE -> "This path does not take that content type.";
            case NOT_ACCEPTABLE -> "This path cannot answer in a media type the request accepts.";
            case BAD_REQUEST -> "The request is malformed.";
            default -> status.is5xxServerError()
                    ? "The request could not be completed; nothing was changed. See the server log."
                    : status.getReasonPhrase() + ".";
        };
    }

    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && path.startsWith(context) ? path.substring(context.length())
                : path;
    }

    static boolean isMachinePath(String path) {
        return path != null && MACHINE_PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }
}
