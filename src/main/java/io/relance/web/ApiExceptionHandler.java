package io.relance.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.relance.refusal.FieldProblem;
import io.relance.refusal.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every refusal of the domain API is an RFC 9457 {@code application/problem+json} document; bad fields are listed
 * one by one under {@code errors}.
 */
@RestControllerAdvice(basePackages = "io.relance")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException e, WebRequest request) {
        return problem(e.status(), e.title(), e.getMessage(), e.errors(), request);
    }

    /** A refusal of the domain, with the status its reason means on HTTP. */
    @ExceptionHandler(Refusal.class)
    ResponseEntity<Object> handleRefusal(Refusal e, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (e.reason() == Refusal.Reason.BUSY) {
            // RFC 9110 §10.2.3: when to send the same request again.
            headers.set(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER_SECONDS);
        }
        return problem(status(e.reason()), e.title(), e.getMessage(), e.errors(), headers);
    }

    /** A busy refusal (503) asks to send the same request again after this many seconds. */
    static final String BUSY_RETRY_AFTER_SECONDS = "1";

    static HttpStatus status(Refusal.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case REFUSED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> handleTooLarge(PayloadTooLargeException e, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Payload too large", e.getMessage(), List.of(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        log.error("Unexpected error on {}", request.getDescription(false), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be completed; nothing was changed. See the server log.", List.of(), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::toProblem)
                .sorted(Comparator.comparing(FieldProblem::field))
                .collect(Collectors.toList());
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new FieldProblem("", g.getDefaultMessage())));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "The request has " + errors.size() + " invalid field(s).", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return handleTooLarge(tooLarge, request);
            }
        }
        if (cause instanceof FiniteNumbers.UnrepresentableNumberException number) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "A number cannot be represented.",
                    List.of(new FieldProblem(path(number), FiniteNumbers.MESSAGE)), request);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Unknown field.",
                    List.of(new FieldProblem(path(unknown), "unknown field")), request);
        }
        if (cause instanceof InvalidFormatException format) {
            String expected = format.getTargetType() == null ? "another type" : describe(format.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "A field has the wrong format.",
                    List.of(new FieldProblem(path(format), "must be " + expected)), request);
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "A field has the wrong type.",
                    List.of(new FieldProblem(path(mismatch), "must be " + expected)), request);
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "A field could not be read.",
                    List.of(new FieldProblem(path(mapping), mapping.getOriginalMessage())), request);
        }
        String detail = cause instanceof JsonProcessingException json
                ? "Malformed JSON: " + json.getOriginalMessage()
                : "The request body is missing or is not readable JSON.";
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", detail, List.of(), request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        return ProblemResponses.asProblemJson(response);
    }

    private ResponseEntity<Object> problem(HttpStatus status, String title, String detail, List<FieldProblem> errors,
                                           WebRequest request) {
        return problem(status, title, detail, errors, HttpHeaders.EMPTY);
    }

    private ResponseEntity<Object> problem(HttpStatus status, String title, String detail, List<FieldProblem> errors,
                                           HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://relance.io/problems/" + title.toLowerCase().replace(' ', '-')));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ProblemResponses.asProblemJson(ResponseEntity.status(status).headers(headers).body(problem));
    }

    private static FieldProblem toProblem(FieldError error) {
        return new FieldProblem(error.getField(), error.getDefaultMessage());
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "LocalDate" -> "a date (YYYY-MM-DD)";
            case "OffsetDateTime", "Instant" -> "a date-time with offset (ISO-8601, e.g. 2026-11-23T10:15:30Z)";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "Map", "LinkedHashMap", "JsonNode", "ObjectNode" -> "a JSON object";
            default -> "a " + type.getSimpleName();
        };
    }
}
