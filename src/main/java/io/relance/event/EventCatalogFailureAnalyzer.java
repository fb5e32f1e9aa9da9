package io.relance.event;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad event catalogue into a short start-up message naming the file, the line and the problem. */
class EventCatalogFailureAnalyzer extends AbstractFailureAnalyzer<EventCatalogException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EventCatalogException cause) {
        return new FailureAnalysis("The event catalogue cannot be read: " + cause.getMessage(),
                "Fix " + cause.file() + (cause.line() > 0 ? " at line " + cause.line() : "")
                        + " (its header describes the format) and start again. Nothing was deployed by this start.",
                cause);
    }
}
