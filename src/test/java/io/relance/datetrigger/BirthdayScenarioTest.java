package io.relance.datetrigger;

import io.relance.support.TestClock;
import io.relance.support.ApiClient;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The birthday scenario end to end: the hourly timer of {@code birthday-run} greets each contact on their birthday in
 * their own time zone, after the local send time, once a year; the greeting carries the offer the DMN decides.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-birthday;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class BirthdayScenarioTest {

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TestClock clock;

    private String contact(ApiClient api, String birthDate, String timeZone, String valueTier) {
        String id = "c-" + UUID.randomUUID();
        assertThat(api.put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Anna", "birthDate": "%s", "timeZone": "%s",
                 "consents": {"email": {"granted": true}}, "attributes": {"valueTier": "%s"}}"""
                .formatted(id, birthDate, timeZone, valueTier)).status()).isEqualTo(201);
        return id;
    }

    private void runBirthdayTimer() {
        Job timer = managementService.createJobQuery().processDefinitionKey("birthday-run").timers().singleResult();
        assertThat(timer).as("the hourly birthday timer").isNotNull();
        managementService.executeJob(timer.getId());
    }

    private ProcessInstance birthday(String contactId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey("birthday")
                .processInstanceBusinessKey(contactId).singleResult();
    }

    @Test
    void eachContactIsGreetedOnTheirDayInTheirTimeZoneOnce() {
        ApiClient api = ApiClient.as(port, "integration", "integration-secret-for-tests");
        String paris = contact(api, "1990-11-23", "Europe/Paris", "gold");
        String tokyo = contact(api, "1985-11-23", "Asia/Tokyo", "standard");
        String newYork = contact(api, "1970-11-23", "America/New_York", "silver");
        String tomorrow = contact(api, "1990-11-24", "Europe/Paris", "gold");

        clock.set(Instant.parse("2026-11-23T07:30:00Z")); // Paris 08:30, Tokyo 16:30, New York 02:30
        runBirthdayTimer();
        assertThat(birthday(paris)).isNotNull();
        assertThat(birthday(tokyo)).isNotNull();
        assertThat(birthday(newYork)).as("02:30 in New York: before the send time").isNull();
        assertThat(birthday(tomorrow)).isNull();
        assertThat(runtimeService.getVariable(birthday(paris).getId(), "offerPercent")).isEqualTo(20);
        assertThat(runtimeService.getVariable(birthday(tokyo).getId(), "offerPercent")).isEqualTo(10);
        assertThat(runtimeService.getActiveActivityIds(birthday(paris).getId()))
                .containsExactly("Task_SendBirthdayGreeting");

        clock.set(Instant.parse("2026-11-23T14:05:00Z")); // New York 09:05
        runBirthdayTimer();
        assertThat(birthday(newYork)).isNotNull();
        assertThat(runtimeService.getVariable(birthday(newYork).getId(), "offerPercent")).isEqualTo(15);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("birthday")
                .processInstanceBusinessKey(paris).count()).as("greeted once, not at every run").isEqualTo(1);
        assertThat(api.get("/api/contacts/" + paris + "/timeline").json().toString()).contains("BirthdayToday");
    }
}
