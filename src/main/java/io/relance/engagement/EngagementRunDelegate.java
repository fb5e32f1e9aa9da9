package io.relance.engagement;

import io.relance.scenario.Engagement;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** {@code ${engagementRun}}, run by the daily timer of {@code bpmn/engagement-run.bpmn}. */
@Component("engagementRun")
class EngagementRunDelegate implements JavaDelegate {

    private final EngagementService engagement;
    private final Clock clock;

    EngagementRunDelegate(EngagementService engagement, Clock clock) {
        this.engagement = engagement;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Engagement.CHANGED.set(execution, engagement.run(clock.instant()));
    }
}
