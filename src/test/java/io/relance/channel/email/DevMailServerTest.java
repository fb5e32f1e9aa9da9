package io.relance.channel.email;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSender;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevMailServerTest {

    @Test
    void keepsTheMailOfEveryRecipientInTheOrderItCame() throws Exception {
        DevMailServer server = new DevMailServer();
        try {
            send(server, 0, 300);

            List<DevMailServer.Mail> received = server.received();
            assertThat(received).extracting(DevMailServer.Mail::number)
                    .containsExactlyElementsOf(LongStream.range(0, 300).boxed().toList());
            assertThat(received).extracting(mail -> recipient(mail.message()))
                    .containsExactlyElementsOf(LongStream.range(0, 300).mapToObj(i -> "c" + i + "@example.com")
                            .toList());
            assertThat(server.mail(0)).get().extracting(DevMailServerTest::recipient).isEqualTo("c0@example.com");
            assertThat(server.mail(299)).get().extracting(DevMailServerTest::recipient)
                    .isEqualTo("c299@example.com");
            assertThat(server.mail(300)).isEmpty();
            assertThat(server.mail(-1)).isEmpty();
        } finally {
            server.destroy();
        }
    }

    @Test
    void keepsTheLatestMailsOnlyAndTheirNumbers() throws Exception {
        DevMailServer server = new DevMailServer(20);
        try {
            send(server, 0, 45);

            List<DevMailServer.Mail> received = server.received();
            // The capacity, up to a tenth more (here 2): the oldest go when there are more.
            assertThat(received).hasSizeBetween(20, 22);
            assertThat(received).extracting(DevMailServer.Mail::number)
                    .containsExactlyElementsOf(LongStream.range(45 - received.size(), 45).boxed().toList());
            assertThat(received).extracting(mail -> recipient(mail.message())).last()
                    .isEqualTo("c44@example.com");
            assertThat(server.mail(0)).as("gone").isEmpty();
            assertThat(server.mail(44)).get().extracting(DevMailServerTest::recipient).isEqualTo("c44@example.com");
        } finally {
            server.destroy();
        }
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new DevMailServer(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    /** Sends mails to c{from}@example.com ... over one connection, in order, as the delivery threads do. */
    private static void send(DevMailServer server, int from, int count) throws Exception {
        JavaMailSender sender = new DevMailConfig().devMailSender(server);
        List<MimeMessage> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            MimeMessage message = sender.createMimeMessage();
            message.setFrom(new InternetAddress("relance@example.com"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("c" + i + "@example.com"));
            message.setSubject("Mail " + i);
            message.setText("Bonjour " + i);
            messages.add(message);
        }
        sender.send(messages.toArray(MimeMessage[]::new));
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
