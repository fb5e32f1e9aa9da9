package io.relance.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Locale;
import java.util.Map;

/**
 * One setting for the log format: {@code RELANCE_LOG_FORMAT} (or {@code relance.log-format}) {@code json} writes the
 * console log as JSON lines (Spring Boot's structured logging, Elastic Common Schema), {@code logstash} or
 * {@code gelf} those formats, {@code text} (the default) the usual lines. An explicit
 * {@code logging.structured.format.console} wins.
 */
public class LogFormat implements EnvironmentPostProcessor {

    static final String PROPERTY = "relance.log-format";
    static final String STRUCTURED = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(PROPERTY, environment.getProperty("RELANCE_LOG_FORMAT", ""))
                .strip().toLowerCase(Locale.ROOT);
        if (environment.containsProperty(STRUCTURED)) {
            return;
        }
        String structured = switch (format) {
            case "", "text", "plain" -> null;
            case "json", "ecs" -> "ecs";
            case "logstash" -> "logstash";
            case "gelf" -> "gelf";
            default -> throw new IllegalArgumentException("RELANCE_LOG_FORMAT (relance.log-format) is '" + format
                    + "': use json, logstash, gelf or text");
        };
        if (structured != null) {
            environment.getPropertySources().addLast(new MapPropertySource("relanceLogFormat",
                    Map.of(STRUCTURED, structured)));
        }
    }
}
