package io.relance.channel.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsTextTest {

    private final SmsText smsText = new SmsText("STOP au 36111", 3);

    @Test
    void theGsmAlphabetHasItsDocumentedSize() {
        // 128 positions of GSM 03.38, minus the escape to the extension table; 10 extension characters.
        long basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
                .codePoints().filter(SmsText::isGsm).count();
        assertThat(basic).isEqualTo(127);
        assertThat("^{}\\[~]|€\f".codePoints().allMatch(SmsText::isGsm)).isTrue();
        assertThat("çêâîôûœ`😀".codePoints().noneMatch(SmsText::isGsm)).isTrue();
    }

    @ParameterizedTest(name = "{0} GSM characters → {1} segment(s)")
    @CsvSource({"1,1", "160,1", "161,2", "306,2", "307,3", "459,3", "460,4"})
    void gsmSegmentsOf160Then153(int length, int segments) {
        SmsText.Size size = SmsText.measure("a".repeat(length));
        assertThat(size).isEqualTo(new SmsText.Size(SmsEncoding.GSM_7, length, segments));
    }

    @ParameterizedTest(name = "{0} UCS-2 characters → {1} segment(s)")
    @CsvSource({"1,1", "70,1", "71,2", "134,2", "135,3", "201,3", "202,4"})
    void ucs2SegmentsOf70Then67(int length, int segments) {
        SmsText.Size size = SmsText.measure("ê".repeat(length));
        assertThat(size).isEqualTo(new SmsText.Size(SmsEncoding.UCS_2, length, segments));
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        assertThat(SmsText.measure("Prix: 10€ [promo]")).isEqualTo(new SmsText.Size(SmsEncoding.GSM_7, 20, 1));
        assertThat(SmsText.measure("€".repeat(80))).isEqualTo(new SmsText.Size(SmsEncoding.GSM_7, 160, 1));
        assertThat(SmsText.measure("€".repeat(81)).segments()).isEqualTo(2);
    }

    @Test
    void anExtensionCharacterIsNotSplitAcrossParts() {
        // 152 septets then € (2): the € does not fit in the first part's 153 and opens the second.
        SmsText.Size size = SmsText.measure("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(size.units()).isEqualTo(306);
        assertThat(size.segments()).isEqualTo(3);
    }

    @Test
    void aTextWithAnyNonGsmCharacterIsUcs2AndEmojiCountTwo() {
        assertThat(SmsText.measure("é€😀")).isEqualTo(new SmsText.Size(SmsEncoding.UCS_2, 4, 1));
        assertThat(SmsText.measure("Joyeux anniversaire Marie ! 🎂")).isEqualTo(
                new SmsText.Size(SmsEncoding.UCS_2, 30, 1));
        // 66 units then an emoji (2): it goes whole into the second part.
        assertThat(SmsText.measure("ê".repeat(66) + "😀" + "ê".repeat(66)).segments()).isEqualTo(3);
    }

    @Test
    void aCommercialMessageGetsTheStopMentionOnItsOwnLine() {
        SmsText.Composed composed = smsText.compose("Soldes : -20% ce week-end !  \n", true);

        assertThat(composed.text()).isEqualTo("Soldes : -20% ce week-end !\nSTOP au 36111");
        assertThat(composed.size()).isEqualTo(new SmsText.Size(SmsEncoding.GSM_7, 41, 1));
    }

    @Test
    void theStopMentionIsNotAddedTwice() {
        assertThat(smsText.compose("Soldes ! stop AU  36111", true).text()).isEqualTo("Soldes ! stop AU  36111");
        assertThat(smsText.compose("Soldes !\nSTOP au 36111", true).text()).isEqualTo("Soldes !\nSTOP au 36111");
    }

    @Test
    void aTransactionalMessageHasNoStopMention() {
        assertThat(smsText.compose("Votre commande 1234 est expédiée.", false).text())
                .isEqualTo("Votre commande 1234 est expédiée.");
    }

    @Test
    void theStopMentionCountsInTheLength() {
        String body = "a".repeat(146);
        assertThat(smsText.compose(body, false).size().segments()).isEqualTo(1);
        // 146 + newline + 13 = 160: still one SMS; one more character makes two.
        assertThat(smsText.compose(body, true).size()).isEqualTo(new SmsText.Size(SmsEncoding.GSM_7, 160, 1));
        assertThat(smsText.compose(body + "b", true).size().segments()).isEqualTo(2);
    }

    @Test
    void aTextOverTheSegmentLimitIsRefusedWithItsFigures() {
        assertThat(smsText.compose("a".repeat(459), false).size().segments()).isEqualTo(3);

        assertThatThrownBy(() -> smsText.compose("a".repeat(460), false))
                .isInstanceOfSatisfying(SmsTooLongException.class, e -> {
                    assertThat(e.size()).isEqualTo(new SmsText.Size(SmsEncoding.GSM_7, 460, 4));
                    assertThat(e.maxSegments()).isEqualTo(3);
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SMS too long: 460 GSM-7 septets need 4 segments, more than the 3 allowed"
                        + " (relance.sms.max-segments; a part holds 153). Shorten the text.");
    }

    @Test
    void aUcs2TextTooLongNamesTheCharacterThatMadeItUcs2() {
        assertThatThrownBy(() -> smsText.compose("Fête des mères : " + "a".repeat(200), true))
                .isInstanceOf(SmsTooLongException.class)
                .hasMessageContaining("UCS-2 units need 4 segments")
                .hasMessageContaining("because of 'ê'");
    }

    @Test
    void anEmptyTextIsRefused() {
        assertThatThrownBy(() -> smsText.compose("  ", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aStopMentionIsRequired() {
        assertThatThrownBy(() -> new SmsText(" ", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relance.sms.stop-mention");
        assertThatThrownBy(() -> new SmsText("STOP au 36111", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relance.sms.max-segments");
    }
}
