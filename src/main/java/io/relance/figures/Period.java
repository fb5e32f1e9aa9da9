package io.relance.figures;

import io.relance.refusal.FieldProblem;
import io.relance.refusal.InvalidFieldsException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Calendar days from {@code from} to {@code to}, both included: at most {@value #MAX_DAYS} days. */
record Period(LocalDate from, LocalDate to) {

    static final int MAX_DAYS = 400;
    static final int DEFAULT_DAYS = 30;

    /** From request parameters (either may be absent): by default the last 30 days up to today. */
    static Period parse(String from, String to, LocalDate today) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate end = date("to", to, problems);
        LocalDate start = date("from", from, problems);
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        if (end == null) {
            end = start == null ? today : start.plusDays(DEFAULT_DAYS - 1);
        }
        if (start == null) {
            start = end.minusDays(DEFAULT_DAYS - 1);
        }
        if (start.isAfter(end)) {
            throw new InvalidFieldsException("from", "must not be after to (" + end + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw new InvalidFieldsException("to", "the period may cover at most " + MAX_DAYS + " days");
        }
        return new Period(start, end);
    }

    private static LocalDate date(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "a date YYYY-MM-DD, was '" + value + "'"));
            return null;
        }
    }

    Stream<LocalDate> days() {
        return from.datesUntil(to.plusDays(1));
    }
}
