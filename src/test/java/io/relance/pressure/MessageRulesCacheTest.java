package io.relance.pressure;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.dmn.DecisionsEvaluationBuilder;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.DecisionDefinitionQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Narrow unit test of the DMN result cache; the engine is mocked to count evaluations and version look-ups. */
class MessageRulesCacheTest {

    private final DecisionService decisions = mock(DecisionService.class);
    private final RepositoryService repository = mock(RepositoryService.class);
    private final DecisionDefinitionQuery query = mock(DecisionDefinitionQuery.class, RETURNS_SELF);
    private final AtomicLong nanos = new AtomicLong();
    private MessageRules rules;

    @BeforeEach
    void setUp() {
        when(repository.createDecisionDefinitionQuery()).thenReturn(query);
        deployed("value-tier:1");
        answers("value-tier:1", "standard");
        answers("value-tier:2", "gold");
        rules = new MessageRules(decisions, repository, nanos::get);
    }

    private void deployed(String id) {
        DecisionDefinition definition = mock(DecisionDefinition.class);
        when(definition.getId()).thenReturn(id);
        when(query.singleResult()).thenReturn(definition);
    }

    private void answers(String id, String tier) {
        DecisionsEvaluationBuilder builder = mock(DecisionsEvaluationBuilder.class, RETURNS_SELF);
        DmnDecisionResult result = mock(DmnDecisionResult.class);
        DmnDecisionResultEntries row = mock(DmnDecisionResultEntries.class);
        when(row.getFirstEntry()).thenReturn(tier);
        when(result.getFirstResult()).thenReturn(row);
        when(builder.evaluate()).thenReturn(result);
        when(decisions.evaluateDecisionById(id)).thenReturn(builder);
    }

    private String tier(int orders) {
        return rules.valueTier(Map.of("ordersCount", orders));
    }

    @Test
    void sameVersionAndInputsAreEvaluatedOnce() {
        assertThat(tier(3)).isEqualTo("standard");
        assertThat(tier(3)).isEqualTo("standard");
        assertThat(tier(4)).isEqualTo("standard");
        verify(decisions, times(2)).evaluateDecisionById("value-tier:1");
        verify(repository, times(1)).createDecisionDefinitionQuery();
    }

    @Test
    void aNewVersionIsSeenWithinTheRecheckDelay() {
        assertThat(tier(3)).isEqualTo("standard");
        deployed("value-tier:2");
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(tier(3)).isEqualTo("standard");
        verify(decisions, never()).evaluateDecisionById("value-tier:2");

        nanos.addAndGet(MessageRules.RECHECK.toNanos());
        assertThat(tier(3)).isEqualTo("gold");
        assertThat(tier(3)).isEqualTo("gold");
        verify(decisions, times(1)).evaluateDecisionById("value-tier:2");
        verify(decisions, times(1)).evaluateDecisionById("value-tier:1");
    }

    @Test
    void noDeployedVersionEvaluatesByKeyEveryTime() {
        when(query.singleResult()).thenReturn(null);
        DecisionsEvaluationBuilder builder = mock(DecisionsEvaluationBuilder.class, RETURNS_SELF);
        DmnDecisionResult result = mock(DmnDecisionResult.class);
        when(builder.evaluate()).thenReturn(result);
        when(decisions.evaluateDecisionByKey(anyString())).thenReturn(builder);
        assertThat(tier(3)).isNull();
        assertThat(tier(3)).isNull();
        verify(decisions, times(2)).evaluateDecisionByKey(MessageRules.VALUE_TIER_DECISION);
    }
}
