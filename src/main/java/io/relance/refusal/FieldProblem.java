package io.relance.refusal;

/** One bad field of a request: where ({@code field}, a JSON path such as {@code consents.email.granted}) and why. */
public record FieldProblem(String field, String message) {
}
