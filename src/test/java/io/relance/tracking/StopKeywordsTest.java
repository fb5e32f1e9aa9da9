package io.relance.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What counts as a STOP, and how Vonage's inbound-message webhook is read. */
class StopKeywordsTest {

    @ParameterizedTest(name = "\"{0}\" is a STOP")
    @ValueSource(strings = {"STOP", "stop", " stop ", "Stop.", "ARRET", "ARRÊT", "arrêt", "Arrêt sms", "STOP SMS",
            "stop  sms!", "arret SMS", "\tSTOP\n", "Arre\u0302t"})
    void stops(String text) {
        assertThat(StopKeywords.isStop(text)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is not a STOP")
    @ValueSource(strings = {"", "  ", "Stop calling me", "STOPP", "non-stop", "arrête", "Please stop", "STOP MAIL",
            "S T O P", "hello"})
    void others(String text) {
        assertThat(StopKeywords.isStop(text)).isFalse();
    }

    @Test
    void nullIsNoStop() {
        assertThat(StopKeywords.isStop(null)).isFalse();
    }

    @Test
    void vonageParametersGiveTheSenderInE164AndTheTimeInUtc() {
        InboundSms sms = InboundSms.fromParameters(Map.of("msisdn", "33612345678", "to", "33644630000",
                "messageId", "0B00000053FF0E91", "text", "STOP", "message-timestamp", "2026-11-23 10:00:00"));

        assertThat(sms).isEqualTo(new InboundSms("+33612345678", "STOP", "0B00000053FF0E91",
                Instant.parse("2026-11-23T10:00:00Z")));
        assertThat(sms.complete()).isTrue();
    }

    @Test
    void theMessagesApiNamesAreReadToo() {
        InboundSms sms = InboundSms.fromJson(new ObjectMapper(), """
                {"channel": "sms", "message_uuid": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab", "to": "33644630000",
                 "from": "447700900001", "timestamp": "2026-11-23T14:00:03.010Z", "text": "Stop"}""");

        assertThat(sms).isEqualTo(new InboundSms("+447700900001", "Stop", "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
                Instant.parse("2026-11-23T14:00:03.010Z")));
    }

    @Test
    void aSenderThatIsNoPhoneNumberOrAMissingTextIsIncomplete() {
        assertThat(InboundSms.fromParameters(Map.of("msisdn", "Relance", "text", "STOP")).complete()).isFalse();
        assertThat(InboundSms.fromParameters(Map.of("msisdn", "33612345678")).complete()).isFalse();
        assertThat(InboundSms.fromParameters(Map.of("msisdn", "33612345678", "text", "STOP",
                "message-timestamp", "yesterday")).sentAt()).isNull();
        assertThatThrownBy(() -> InboundSms.fromJson(new ObjectMapper(), "[1]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEventIdDerivesFromTheProvidersMessageIdAndTheContact() {
        InboundSms sms = new InboundSms("+33612345678", "STOP", "0B00000053FF0E91", null);
        Instant at = Instant.parse("2026-11-23T10:00:00Z");

        assertThat(SmsStops.eventId(sms, "marie-42", at)).isEqualTo("sms-stop:0B00000053FF0E91:marie-42");
        assertThat(SmsStops.eventId(sms, "paul-7", at)).isNotEqualTo(SmsStops.eventId(sms, "marie-42", at));
        String odd = SmsStops.eventId(new InboundSms("+33612345678", "STOP", "id with spaces/" + "x".repeat(90), null),
                "marie-42", at);
        assertThat(odd).matches("sms-stop:[0-9a-f]{64}");
        InboundSms withoutId = new InboundSms("+33612345678", "STOP", null, null);
        assertThat(SmsStops.eventId(withoutId, "marie-42", at)).isEqualTo(SmsStops.eventId(withoutId, "marie-42", at))
                .startsWith("sms-stop:");
    }
}
