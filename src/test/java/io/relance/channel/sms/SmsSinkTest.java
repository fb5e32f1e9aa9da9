package io.relance.channel.sms;

import io.relance.channel.ProviderRejectedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsSinkTest {

    @Test
    void keepsTheMessagesWithoutSendingThem() {
        SmsSink sink = new SmsSink();
        SmsMessage message = new SmsMessage("+33612345678", "Bonjour", "send-1");

        SmsReceipt receipt = sink.send(message);

        assertThat(receipt.providerMessageId()).startsWith("sink-");
        assertThat(sink.messages()).containsExactly(message);
        sink.clear();
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void keepsOnlyTheLatestMessages() {
        SmsSink sink = new SmsSink(2);
        for (int i = 1; i <= 3; i++) {
            sink.send(new SmsMessage("+33612345678", "Message " + i, "send-" + i));
        }

        assertThat(sink.messages()).extracting(SmsMessage::reference).containsExactly("send-2", "send-3");
    }

    @Test
    void refusesANumberThatIsNotE164LikeAGateway() {
        SmsSink sink = new SmsSink();

        assertThatThrownBy(() -> sink.send(new SmsMessage("06 12 34 56 78", "Bonjour", "send-1")))
                .isInstanceOf(ProviderRejectedException.class);
        assertThat(sink.messages()).isEmpty();
    }
}
