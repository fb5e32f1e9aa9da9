package io.relance.scenario;

import io.relance.support.DeployedScenario;
import io.relance.support.Sends;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

/**
 * The browse abandonment scenario on the real engine, without Spring: one reminder listing the products viewed
 * after PT4H without a cart or an order; later views extend the list and start no second instance; a cart or an
 * order ends it; views after the reminder are absorbed for the quiet period. Coverage must reach 90%.
 */
class BrowseAbandonmentProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension
            .builder(DeployedScenario.ENGINE).assertClassCoverageAtLeast(0.9).build();

    @RegisterExtension
    final DeployedScenario scenario = DeployedScenario.of(engine, "bpmn/browse-abandonment.bpmn");

    private static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");

    @BeforeEach
    void bindBeans() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("browsedProducts", new BrowsedProducts());
        Mocks.register("runningInstances", new RunningInstances());
        Mocks.register("browseDates", new BrowseDates(EngineClock.INSTANCE));
    }

    private static VariableMap product(String id, String name, double price) {
        return Variables.createVariables().putValue(ScenarioVariables.CONTACT_ID.name(), "marie")
                .putValue(BrowseAbandonment.PRODUCT_ID.name(), id)
                .putValue(BrowseAbandonment.PRODUCT_NAME.name(), name)
                .putValue(BrowseAbandonment.PRODUCT_URL.name(), "https://shop.example.com/p/" + id)
                .putValue(BrowseAbandonment.PRICE.name(), price);
    }

    private List<ProcessInstance> viewed(String id, String name, double price) {
        return scenario.event(EventType.PRODUCT_VIEWED, "marie", product(id, name, price));
    }

    private List<String> sent() {
        return scenario.sends().asked().stream().map(Sends.Send::typeAndCategory).toList();
    }

    private static Job job(ProcessInstance instance) {
        return managementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
    }

    private static void fire(Job timer) {
        ClockUtil.setCurrentTime(timer.getDuedate());
        execute(timer);
    }

    @Test
    void tenViewsMakeOneReminderListingTheLatestProductsFirst() {
        ProcessInstance instance = viewed("p1", "Veste imperméable", 89.9).get(0);
        assertThat(instance).isWaitingAt(BrowseAbandonment.GATEWAY_VIEWED_CART_OR_DELAY);

        for (int i = 2; i <= 10; i++) {
            ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(60L * i)));
            ProcessInstance other = viewed("p" + (i % 4 == 0 ? 1 : i), "Article " + i, 10.0 * i).get(0);
            assertThat(other).as("one instance per contact").hasPassed(BrowseAbandonment.END_ALREADY_FOLLOWED)
                    .isEnded();
        }
        assertThat(runtimeService().createProcessInstanceQuery().processInstanceBusinessKey("marie").count())
                .isOne();
        assertThat(job(instance)).as("4 hours after the last view")
                .hasDueDate(Date.from(NOW.plusSeconds(600 + 4 * 3600)));

        fire(job(instance));
        scenario.sends().run(job(instance));

        assertThat(sent()).containsExactly("browse-reminder/commercial");
        String products = scenario.sends().asked().get(0).variable(BrowseAbandonment.VIEWED_PRODUCTS.name()).toString();
        assertThat(products).startsWith("[{\"id\":\"p10\",\"name\":\"Article 10\"")
                .contains("\"url\":\"https://shop.example.com/p/p10\"", "\"price\":100.0", "\"id\":\"p1\"")
                .doesNotContain("\"id\":\"p3\"");
        assertThat(products.split("\"id\"")).as("at most 6 products").hasSize(7);
        assertThat(instance).isWaitingAt(BrowseAbandonment.GATEWAY_QUIET_OR_VIEWED);
        assertThat(job(instance)).as("quiet for 7 days")
                .hasDueDate(Date.from(ClockUtil.getCurrentTime().toInstant().plusSeconds(7 * 86_400)));

        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plusSeconds(86_400)));
        assertThat(viewed("p20", "Sac à dos", 49.0).get(0)).hasPassed(BrowseAbandonment.END_ALREADY_FOLLOWED);
        assertThat(instance).hasPassed(BrowseAbandonment.EVENT_PRODUCT_VIEWED_WHILE_QUIET)
                .isWaitingAt(BrowseAbandonment.GATEWAY_QUIET_OR_VIEWED);
        fire(job(instance));
        assertThat(instance).hasPassed(BrowseAbandonment.END_REMINDED).isEnded();
        assertThat(sent()).as("reminded once in the period").hasSize(1);
    }

    @Test
    void aCartUpdateEndsItWithoutAMessage() {
        ProcessInstance instance = viewed("p1", "Veste imperméable", 89.9).get(0);
        scenario.event(EventType.CART_UPDATED, "marie", Variables.createVariables().putValue("amount", 89.9));
        assertThat(instance).hasPassed(BrowseAbandonment.END_IN_CART).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void anAbandonedCartLeavesItToTheCartScenario() {
        ProcessInstance instance = viewed("p1", "Veste imperméable", 89.9).get(0);
        scenario.event(EventType.CART_ABANDONED, "marie", Variables.createVariables().putValue("amount", 89.9));
        assertThat(instance).hasPassed(BrowseAbandonment.END_CART_ABANDONED).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void anOrderEndsItAsConverted() {
        ProcessInstance instance = viewed("p1", "Veste imperméable", 89.9).get(0);
        scenario.event(EventType.ORDER_PLACED, "marie", Variables.createVariables().putValue("orderId", "o-1"));
        assertThat(instance).hasPassed(BrowseAbandonment.END_ORDERED).isEnded();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aViewWithoutAProductIsRefused() {
        assertThatThrownBy(() -> scenario.event(EventType.PRODUCT_VIEWED, "marie", Variables.createVariables()
                .putValue(ScenarioVariables.CONTACT_ID.name(), "marie")))
                .hasMessageContaining("productId");
    }
}
