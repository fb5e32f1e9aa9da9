package io.relance.refusal;

import java.util.List;

/** Fields of a request are invalid; each is named with the reason. */
public class InvalidFieldsException extends Refusal {

    public InvalidFieldsException(List<FieldProblem> errors) {
        super(Reason.INVALID, "Invalid request", "The request has " + errors.size() + " invalid field(s).", errors);
    }

    public InvalidFieldsException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }
}
