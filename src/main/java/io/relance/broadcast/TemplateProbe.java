package io.relance.broadcast;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.relance.channel.MessageChannel;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;

/**
 * Tells whether a template exists for a message type on a channel ({@code templates/email/<type>_*.html},
 * {@code templates/sms/<type>_*.txt}, any locale). Answers are kept a few minutes, for a bounded number of types.
 */
@Component
class TemplateProbe {

    private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private final Cache<Key, Boolean> answers = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private record Key(MessageChannel channel, String messageType) {
    }

    boolean exists(MessageChannel channel, String messageType) {
        return answers.get(new Key(channel, messageType), key -> probe(key.channel(), key.messageType()));
    }

    private boolean probe(MessageChannel channel, String messageType) {
        String pattern = channel == MessageChannel.SMS ? "templates/sms/%s_*.txt" : "templates/email/%s_*.html";
        try {
            return resolver.getResources("classpath*:" + pattern.formatted(messageType)).length > 0;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot look for templates", e);
        }
    }
}
