package io.relance.broadcast;

import io.relance.channel.MessageChannel;
import io.relance.channel.template.MessageTemplates;
import org.springframework.stereotype.Component;

/**
 * Tells whether a template exists for a message type on a channel ({@code bpmn/templates/email/<type>_*.html},
 * {@code bpmn/templates/sms/<type>_*.txt}, any language), as the message texts in use have it.
 */
@Component
class TemplateProbe {

    private final MessageTemplates templates;

    TemplateProbe(MessageTemplates templates) {
        this.templates = templates;
    }

    boolean exists(MessageChannel channel, String messageType) {
        return templates.exists(channel, messageType);
    }
}
