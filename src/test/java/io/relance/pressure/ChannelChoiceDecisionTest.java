package io.relance.pressure;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dmn/channel-choice.dmn} as shipped: email for everyone (today's behaviour) unless the contact can be reached
 * by SMS and asked for it (contact attribute {@code preferredChannel}): SMS instead, or the email then the SMS a day
 * later without a reaction. Without SMS consent and a phone number, email whatever the preference.
 */
class ChannelChoiceDecisionTest {

    private static final DmnEngine DMN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision() throws IOException {
        try (InputStream in = new FileInputStream("dmn/channel-choice.dmn")) {
            return DMN.parseDecision(MessageRules.CHANNEL_DECISION, in);
        }
    }

    @ParameterizedTest(name = "{0}, SMS reachable {1}, {2}, prefers {3}: {4} {5}")
    @CsvSource(nullValues = "null", value = {
            "cart-reminder-1, true,  standard, null,           email,          null",
            "cart-reminder-1, true,  gold,     null,           email,          null",
            "birthday,        false, gold,     null,           email,          null",
            "welcome-reminder, true, standard, email,          email,          null",
            "cart-reminder-2, true,  standard, sms,            sms,            null",
            "cart-reminder-2, false, standard, sms,            email,          null",
            "winback-1,       true,  silver,   email-then-sms, email-then-sms, PT24H",
            "winback-1,       false, silver,   email-then-sms, email,          null",
            "newsletter,      true,  standard, carrier-pigeon, email,          null"})
    void shippedRows(String messageType, boolean smsReachable, String valueTier, String preferred, String channel,
                     String smsAfter) throws IOException {
        DmnDecisionResultEntries row = DMN.evaluateDecision(decision(), Variables.createVariables()
                .putValue("messageType", messageType).putValue("smsReachable", smsReachable)
                .putValue("valueTier", valueTier).putValue("preferredChannel", preferred)).getFirstResult();

        assertThat(row.<String>getEntry("channel")).isEqualTo(channel);
        assertThat(row.get("smsAfter")).isEqualTo(smsAfter);
        assertThat(MessageRules.Mix.parse(row.getEntry("channel")).key()).isEqualTo(channel);
    }
}
