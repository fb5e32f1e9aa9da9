package io.relance.channel.sms;

import io.relance.channel.template.MessageTemplates;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every commercial message a scenario sends by email may go by SMS instead (dmn/channel-choice.dmn): each of those
 * message types, and the broadcasts' newsletter and promotion, has an SMS text in French and English that renders
 * with its data, in GSM-7 and in one segment with the opt-out mention.
 */
class CommercialSmsTemplatesTest {

    /** Sample data of the scenarios (as their events and DMN tables give it). */
    private static final Map<String, Object> SAMPLE = Map.ofEntries(
            Map.entry("firstName", "Marie"), Map.entry("offerPercent", 15), Map.entry("offerValidDays", 15),
            Map.entry("offerCode", "MERCI15"), Map.entry("cartUrl", "https://shop.example.com/cart/81"),
            Map.entry("contestName", "Grand jeu de Noel"), Map.entry("eventName", "Salon du voyage"),
            Map.entry("eventUrl", "https://www.example.com/salon"),
            Map.entry("replayUrl", "https://www.example.com/salon/replay"),
            Map.entry("surveyUrl", "https://www.example.com/salon/avis"), Map.entry("orderId", "A-1042"));

    /** The message types of commercial "Send email" tasks in bpmn/, and what broadcasts send. */
    static TreeSet<String> commercialEmailTypes() throws IOException {
        TreeSet<String> types = new TreeSet<>(List.of("newsletter", "promotion"));
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                    if (!"${sendEmail}".equals(task.getCamundaDelegateExpression())) {
                        continue;
                    }
                    Map<String, String> inputs = new HashMap<>();
                    task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list()
                            .forEach(io -> io.getCamundaInputParameters().forEach((CamundaInputParameter p) ->
                                    inputs.put(p.getCamundaName(), p.getTextContent().strip())));
                    if ("commercial".equals(inputs.get("category"))) {
                        types.add(inputs.get("messageType"));
                    }
                }
            }
        }
        return types;
    }

    @Test
    void everyCommercialEmailTypeHasAShortGsmSmsInFrenchAndEnglish() throws IOException {
        SmsTemplates templates = new SmsTemplates(MessageTemplates.of("", Duration.ofSeconds(2), Clock.systemUTC()));
        SmsText text = new SmsText("STOP au 36111", 3);
        TreeSet<String> types = commercialEmailTypes();
        assertThat(types).contains("cart-reminder-1", "winback-1", "event-thank-you", "birthday");

        for (String type : types) {
            for (String language : List.of("fr", "en")) {
                assertThat(Path.of("bpmn/templates/sms/" + type + "_" + language + ".txt"))
                        .as("SMS text of %s", type).exists();
                String body = templates.render(type, language, SAMPLE);
                SmsText.Composed composed = text.compose(body, true);
                assertThat(composed.size().encoding()).as("%s (%s): %s", type, language, composed.text())
                        .isEqualTo(SmsEncoding.GSM_7);
                assertThat(composed.size().segments()).as("%s (%s): %s", type, language, composed.text())
                        .isEqualTo(1);
                assertThat(composed.text()).endsWith("STOP au 36111").doesNotContain("[(", "${");
            }
        }
    }

    @Test
    void theAppointmentReminderIsGsmInOneSegment() {
        SmsTemplates templates = new SmsTemplates(MessageTemplates.of("", Duration.ofSeconds(2), Clock.systemUTC()));
        Map<String, Object> data = Map.of("appointmentDay", "2026-12-10", "appointmentTime", "14:30",
                "place", "Boutique Lyon Part-Dieu, 17 rue du Docteur Bouchut", "appointmentId", "RDV-8812");
        for (String language : List.of("fr", "en")) {
            SmsText.Composed composed = new SmsText("STOP au 36111", 3).compose(
                    templates.render("appointment-reminder", language, data), false);
            assertThat(composed.size().encoding()).as(composed.text()).isEqualTo(SmsEncoding.GSM_7);
            assertThat(composed.size().segments()).as(composed.text()).isEqualTo(1);
            assertThat(composed.text()).contains("2026-12-10", "14:30", "RDV-8812").doesNotContain("STOP");
        }
    }

    @Test
    void aMissingFirstNameReadsWell() {
        SmsTemplates templates = new SmsTemplates(MessageTemplates.of("", Duration.ofSeconds(2), Clock.systemUTC()));
        assertThat(templates.render("cart-reminder-1", "fr", Map.of()))
                .isEqualTo("Bonjour, votre panier vous attend");
        assertThat(templates.render("winback-1", "en", Map.of("firstName", "Ann")))
                .isEqualTo("Hello Ann, we miss you! Discover what is new on our site.");
    }
}
