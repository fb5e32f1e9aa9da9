package io.relance.engagement;

import io.relance.scenario.Engagement;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${engagementSegment}}: sets {@code segment} to the contact's (business key) last computed engagement
 * segment, or {@code none} when the engagement run has not computed it yet.
 */
@Component("engagementSegment")
class EngagementSegmentDelegate implements JavaDelegate {

    private final EngagementService engagement;

    EngagementSegmentDelegate(EngagementService engagement) {
        this.engagement = engagement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Engagement.SEGMENT.set(execution, engagement.segmentOf(execution.getProcessBusinessKey())
                .orElse(Engagement.SEGMENT_NONE));
    }
}
