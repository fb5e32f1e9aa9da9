package io.relance.channel.template;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a message text that cannot be used into a short start-up message naming the file, the line and the problem. */
class TemplateFailureAnalyzer extends AbstractFailureAnalyzer<TemplateException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TemplateException cause) {
        return new FailureAnalysis("A message text cannot be used: " + cause.getMessage(),
                "Fix " + cause.file() + (cause.line() > 0 ? " at line " + cause.line() : "") + " and start again"
                        + " (bpmn/templates/samples.yaml gives the sample values every template is rendered with).",
                cause);
    }
}
