package io.relance.refusal;

import java.util.List;

/**
 * Something Relance refuses to do, said in the domain's words: why ({@link Reason}), a short title, a detail for the
 * sender and the bad fields if any. Nothing was changed. Features throw their own subclasses; the web layer answers
 * them as problem documents, the other callers decide what a refusal means to them.
 */
public abstract class Refusal extends RuntimeException {

    /** Why it is refused. */
    public enum Reason {
        /** Something named by the request does not exist. */
        NOT_FOUND,
        /** Fields of the request are invalid (see {@link #errors()}). */
        INVALID,
        /** The request contradicts what was received before. */
        CONFLICT,
        /** Well-formed, but a rule or a scenario refuses it. */
        REFUSED,
        /** Cannot be done now; the same request may be sent again later. */
        BUSY
    }

    private final Reason reason;
    private final String title;
    private final List<FieldProblem> errors;

    protected Refusal(Reason reason, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.reason = reason;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    protected Refusal(Reason reason, String title, String detail) {
        this(reason, title, detail, List.of());
    }

    public Reason reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    /** The bad fields, one by one; empty when the refusal is not about fields. */
    public List<FieldProblem> errors() {
        return errors;
    }
}
