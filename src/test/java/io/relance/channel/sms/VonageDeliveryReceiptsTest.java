package io.relance.channel.sms;

import io.relance.channel.sms.DeliveryReceipt.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VonageDeliveryReceiptsTest {

    private final VonageDeliveryReceipts receipts = new VonageDeliveryReceipts();

    @Test
    void readsTheQueryParametersOfAGet() {
        // GET /…?msisdn=33612345678&to=Relance&network-code=20801&messageId=0A0000001234ABCD&price=0.05
        //   &status=delivered&scts=2611230930&err-code=0&client-ref=send-42&message-timestamp=2026-11-23+09%3A30%3A05
        DeliveryReceipt receipt = receipts.fromParameters(Map.of("msisdn", "33612345678", "to", "Relance",
                "network-code", "20801", "messageId", "0A0000001234ABCD", "price", "0.05", "status", "delivered",
                "scts", "2611230930", "err-code", "0", "client-ref", "send-42",
                "message-timestamp", "2026-11-23 09:30:05"));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("send-42", "0A0000001234ABCD", Outcome.DELIVERED,
                "delivered", Instant.parse("2026-11-23T09:30:05Z")));
        assertThat(receipt.toString()).doesNotContain("33612345678");
    }

    @Test
    void readsAJsonPost() {
        DeliveryReceipt receipt = receipts.fromJson("""
                {"err-code": "3", "message-timestamp": "2026-11-23 21:04:00", "messageId": "0B00000127FDBC63",
                 "msisdn": "33612345678", "network-code": "20801", "price": "0.03330000", "scts": "2611232204",
                 "status": "failed", "to": "Relance", "client-ref": "send-43", "api-key": "abcd1234"}""");

        assertThat(receipt).isEqualTo(new DeliveryReceipt("send-43", "0B00000127FDBC63", Outcome.FAILED,
                "failed: Absent Subscriber - Permanent (err-code 3)", Instant.parse("2026-11-23T21:04:00Z")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"delivered,DELIVERED", "DELIVERED,DELIVERED", "expired,FAILED", "failed,FAILED",
            "rejected,FAILED", "accepted,PENDING", "buffered,PENDING", "unknown,PENDING", "something-new,PENDING"})
    void statusesMapToOutcomes(String status, Outcome outcome) {
        assertThat(receipts.fromParameters(Map.of("messageId", "m1", "status", status)).outcome())
                .isEqualTo(outcome);
    }

    @Test
    void theErrorCodeExplainsTheDetail() {
        assertThat(receipts.fromParameters(Map.of("messageId", "m1", "status", "expired", "err-code", "2"))
                .detail()).isEqualTo("expired: Absent Subscriber - Temporary (err-code 2)");
        assertThat(receipts.fromParameters(Map.of("messageId", "m1", "status", "rejected", "err-code", "6"))
                .detail()).isEqualTo("rejected: Anti-Spam Rejection (err-code 6)");
        assertThat(receipts.fromParameters(Map.of("messageId", "m1", "status", "failed", "err-code", "42"))
                .detail()).isEqualTo("failed: error (err-code 42)");
    }

    @Test
    void optionalFieldsMayBeMissing() {
        assertThat(receipts.fromParameters(Map.of("messageId", "m1", "status", "accepted", "message-timestamp", "x")))
                .isEqualTo(new DeliveryReceipt(null, "m1", Outcome.PENDING, "accepted", null));
    }

    @Test
    void aRequestWithoutMessageIdOrStatusIsNotAReceipt() {
        assertThatThrownBy(() -> receipts.fromParameters(Map.of("status", "delivered")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messageId");
        assertThatThrownBy(() -> receipts.fromJson("{\"messageId\": \"m1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> receipts.fromJson("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> receipts.fromJson("{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }
}
