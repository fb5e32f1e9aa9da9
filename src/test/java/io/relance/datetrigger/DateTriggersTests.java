package io.relance.datetrigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relance.contact.ContactService;
import io.relance.contact.ContactView;
import io.relance.event.EventHistory;
import io.relance.scenario.DateTriggerRun;
import io.relance.support.ApiClient;
import io.relance.support.TestClock;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The date-trigger run end to end on a real database (H2 and MariaDB subclasses), with a clock the test moves:
 * contacts created through the REST API, the hourly timer of {@code birthday-run} executed, the events recorded
 * checked. The contacts' dates are found by the database (a filter on the stored JSON), each event is emitted on
 * its day in the contact's time zone after the row's hour, once per contact and occurrence.
 */
abstract class DateTriggersTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    EventHistory eventHistory;
    @Autowired
    ContactService contactService;
    @Autowired
    TestClock clock;

    private ApiClient api() {
        return ApiClient.as(port, "integration", "integration-secret-for-tests");
    }

    private String contact(String name, String timeZone, String attributes) {
        return contact(name, timeZone, null, attributes);
    }

    private String contact(String name, String timeZone, String birthDate, String attributes) {
        String id = name + "-" + UUID.randomUUID();
        assertThat(api().put("/api/contacts/" + id, """
                {"email": "%s@example.com", "firstName": "Anna", %s %s
                 "consents": {"email": {"granted": true}}, "attributes": %s}""".formatted(id,
                timeZone == null ? "" : "\"timeZone\": \"" + timeZone + "\",",
                birthDate == null ? "" : "\"birthDate\": \"" + birthDate + "\",", attributes)).status())
                .isEqualTo(201);
        return id;
    }

    private void runAt(String instant) {
        clock.set(Instant.parse(instant));
        Job timer = managementService.createJobQuery().processDefinitionKey(DateTriggerRun.PROCESS_KEY).timers()
                .singleResult();
        assertThat(timer).as("the hourly date-trigger timer").isNotNull();
        managementService.executeJob(timer.getId());
    }

    /** The ids of the contact's events of that type. */
    private List<String> events(String contactId, String type) {
        return eventHistory.allOf(contactId).stream().filter(e -> e.type().equals(type))
                .map(EventHistory.RecordedEvent::eventId).toList();
    }

    private JsonNode data(String eventId, String contactId) throws IOException {
        return JSON.readTree(eventHistory.allOf(contactId).stream().filter(e -> e.eventId().equals(eventId))
                .findFirst().orElseThrow().data());
    }

    @Test
    void thirtyDaysBeforeTheContractEndsInTheContactsTimeZoneOnceCatchingUpLaterInTheDay() throws IOException {
        String paris = contact("paris", "Europe/Paris", "{\"contractEnd\": \"2026-12-23\", \"valueTier\": \"gold\"}");
        String tokyo = contact("tokyo", "Asia/Tokyo", "{\"contractEnd\": \"2026-12-23\"}");
        String newYork = contact("new-york", "America/New_York", "{\"contractEnd\": \"2026-12-23\"}");
        String noZone = contact("no-zone", null, "{\"contractEnd\": \"2026-12-23\"}");
        String nextDay = contact("next-day", "Europe/Paris", "{\"contractEnd\": \"2026-12-24\"}");
        String type = "ContractEndApproaching";

        runAt("2026-11-22T23:30:00Z"); // Tokyo 08:30 on the 23rd: before the row's 09:00
        assertThat(events(tokyo, type)).isEmpty();
        runAt("2026-11-23T00:05:00Z"); // Tokyo 09:05
        assertThat(events(tokyo, type)).containsExactly("ContractEndApproaching-" + tokyo + "-2026-12-23");
        assertThat(events(paris, type)).as("Paris: 01:05").isEmpty();

        // The application was down all morning: the 15:05 run catches up with Paris (and the default zone, Paris).
        runAt("2026-11-23T14:05:00Z"); // Paris 15:05, New York 09:05
        assertThat(events(paris, type)).containsExactly("ContractEndApproaching-" + paris + "-2026-12-23");
        assertThat(events(noZone, type)).containsExactly("ContractEndApproaching-" + noZone + "-2026-12-23");
        assertThat(events(newYork, type)).containsExactly("ContractEndApproaching-" + newYork + "-2026-12-23");
        assertThat(events(nextDay, type)).isEmpty();
        JsonNode data = data("ContractEndApproaching-" + paris + "-2026-12-23", paris);
        assertThat(data.path("occurrence").asText()).isEqualTo("2026-12-23");
        assertThat(data.path("offsetDays").asInt()).isEqualTo(-30);
        assertThat(data.path("valueTier").asText()).isEqualTo("gold");

        runAt("2026-11-23T15:05:00Z");
        runAt("2026-11-24T08:05:00Z"); // Paris 09:05 on the 24th
        for (String contact : List.of(paris, tokyo, newYork, noZone)) {
            assertThat(events(contact, type)).as("once per contact and occurrence").hasSize(1);
        }
        assertThat(events(nextDay, type)).containsExactly("ContractEndApproaching-" + nextDay + "-2026-12-24");
    }

    @Test
    void theCustomerAnniversaryIsYearlyAnd29FebruaryFallsOn28FebruaryInCommonYears() throws IOException {
        String leap = contact("leap", "Europe/Paris", "{\"customerSince\": \"2020-02-29\"}");
        String eve = contact("eve", "Europe/Paris", "{\"customerSince\": \"2019-02-28T16:20:00+01:00\"}");
        String march = contact("march", "Europe/Paris", "{\"customerSince\": \"2020-03-01\"}");
        String type = "CustomerAnniversary";

        runAt("2027-02-28T09:30:00Z");
        assertThat(events(leap, type)).containsExactly("CustomerAnniversary-" + leap + "-2027-02-28");
        assertThat(data("CustomerAnniversary-" + leap + "-2027-02-28", leap).path("years").asInt()).isEqualTo(7);
        assertThat(events(eve, type)).containsExactly("CustomerAnniversary-" + eve + "-2027-02-28");
        assertThat(data("CustomerAnniversary-" + eve + "-2027-02-28", eve).path("years").asInt()).isEqualTo(8);
        assertThat(events(march, type)).isEmpty();
        runAt("2027-02-28T20:30:00Z");
        assertThat(events(leap, type)).as("re-run: nothing new").hasSize(1);

        runAt("2028-02-28T09:30:00Z");
        assertThat(events(leap, type)).as("a leap year has its 29 February").hasSize(1);
        assertThat(events(eve, type)).hasSize(2);
        runAt("2028-02-29T09:30:00Z");
        assertThat(events(leap, type)).containsExactly("CustomerAnniversary-" + leap + "-2027-02-28",
                "CustomerAnniversary-" + leap + "-2028-02-29");
        runAt("2028-03-01T09:30:00Z");
        assertThat(events(march, type)).containsExactly("CustomerAnniversary-" + march + "-2028-03-01");
    }

    @Test
    void theDatabaseFindsTheContactsByTheDateOfTheirAttribute() {
        String day = contact("day", "Europe/Paris", "{\"contractEnd\": \"2031-05-17\", \"customerSince\": \"2011-05-17\"}");
        String dateTime = contact("date-time", "Europe/Paris", "{\"contractEnd\": \"2031-05-17T18:00:00Z\"}");
        String otherDay = contact("other-day", "Europe/Paris", "{\"contractEnd\": \"2031-05-18\"}");
        String otherName = contact("other-name", "Europe/Paris", "{\"oldContractEnd\": \"2031-05-17\"}");
        String inText = contact("in-text", "Europe/Paris",
                "{\"note\": \"\\\"contractEnd\\\":\\\"2031-05-17\\\"\", \"customerSince\": \"2012-05-16\"}");
        String number = contact("number", "Europe/Paris", "{\"contractEnd\": 20310517}");
        Set<String> mine = Set.of(day, dateTime, otherDay, otherName, inText, number);

        assertThat(contactService.withDateAttribute("contractEnd", List.of(LocalDate.parse("2031-05-17"))).stream()
                .map(ContactView::contactId).filter(mine::contains)).containsExactlyInAnyOrder(day, dateTime);
        assertThat(contactService.withDateAttributeOnDays("customerSince", List.of(517)).stream()
                .map(ContactView::contactId).filter(mine::contains)).containsExactly(day);
        assertThat(contactService.withDateAttributeOnDays("customerSince", List.of(516, 517)).stream()
                .map(ContactView::contactId).filter(mine::contains)).containsExactlyInAnyOrder(day, inText);
    }

    @Test
    void theDepartureComesFromTheLatestConfirmedBooking() throws IOException {
        String shipped = DateTriggerTableTest.shipped();
        String withDeparture = shipped.replace("    </decisionTable>", """
                      <rule id="Rule_Departure">
                        <inputEntry id="InputEntry_Departure_Attribute"><text>"departureDate"</text></inputEntry>
                        <outputEntry id="OutputEntry_Departure_OffsetDays"><text>-3</text></outputEntry>
                        <outputEntry id="OutputEntry_Departure_Recurrence"><text>"once"</text></outputEntry>
                        <outputEntry id="OutputEntry_Departure_EventType"><text>"DepartureApproaching"</text></outputEntry>
                        <outputEntry id="OutputEntry_Departure_LocalHour"><text>9</text></outputEntry>
                      </rule>
                    </decisionTable>""");
        deployTable(withDeparture);
        try {
            String leaving = contact("leaving", "Europe/Paris", "{}");
            String rebooked = contact("rebooked", "Europe/Paris", "{}");
            booking(leaving, "b-1", "2026-11-26", "2026-11-02T10:00:00Z");
            booking(rebooked, "b-2", "2026-11-26", "2026-11-01T10:00:00Z");
            booking(rebooked, "b-3", "2027-01-10", "2026-11-10T10:00:00Z");

            runAt("2026-11-23T09:05:00Z");
            assertThat(events(leaving, "DepartureApproaching"))
                    .containsExactly("DepartureApproaching-" + leaving + "-2026-11-26");
            assertThat(events(rebooked, "DepartureApproaching")).as("its latest booking leaves on 10 January")
                    .isEmpty();
            runAt("2027-01-07T09:05:00Z");
            assertThat(events(rebooked, "DepartureApproaching"))
                    .containsExactly("DepartureApproaching-" + rebooked + "-2027-01-10");
        } finally {
            deployTable(shipped);
        }
    }

    private void booking(String contactId, String bookingId, String departureDate, String occurredAt) {
        assertThat(api().post("/api/events", """
                {"eventId": "%s-%s", "type": "BookingConfirmed", "contactId": "%s", "occurredAt": "%s",
                 "data": {"bookingId": "%s", "departureDate": "%s"}}""".formatted(bookingId, contactId, contactId,
                occurredAt, bookingId, departureDate)).status()).isEqualTo(202);
    }

    private void deployTable(String xml) {
        repositoryService.createDeployment().name(DateTriggerRun.DECISION_FILE)
                .addString(DateTriggerRun.DECISION_FILE, xml).deploy();
    }

    @Test
    void theBirthdayIsGreetedOnceEvenWhenItsEventWasRecordedUnderTheOldId() throws IOException {
        String greeted = contact("greeted", "Europe/Paris", "1990-11-23", "{}");
        String marie = contact("marie", "Europe/Paris", "1990-11-23", "{\"country\": \"FR\"}");
        // What the birthday run recorded before the date triggers.
        assertThat(api().post("/api/events", """
                {"eventId": "birthday-%s-2026", "type": "BirthdayToday", "contactId": "%s",
                 "occurredAt": "2026-11-23T00:00:00+01:00", "data": {"age": 36, "valueTier": "standard"}}"""
                .formatted(greeted, greeted)).status()).isEqualTo(202);

        runAt("2026-11-23T07:30:00Z");
        assertThat(events(greeted, "BirthdayToday")).containsExactly("birthday-" + greeted + "-2026");
        assertThat(events(marie, "BirthdayToday")).containsExactly("BirthdayToday-" + marie + "-2026-11-23");
        JsonNode data = data("BirthdayToday-" + marie + "-2026-11-23", marie);
        assertThat(data.path("age").asInt()).isEqualTo(36);
        assertThat(data.path("country").asText()).isEqualTo("FR");
    }
}
