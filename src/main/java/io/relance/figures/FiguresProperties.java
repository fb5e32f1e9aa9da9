package io.relance.figures;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.ZoneId;

/**
 * Scenario performance figures.
 *
 * @param timeZone where the figures' calendar days start and end
 * @param shards   rows each counter is spread over (concurrent transactions rarely wait for one another on the same
 *                 row); summed on read. 1 to 64.
 */
@ConfigurationProperties("relance.figures")
record FiguresProperties(@DefaultValue("Europe/Paris") ZoneId timeZone, @DefaultValue("4") int shards) {

    FiguresProperties {
        if (shards < 1 || shards > 64) {
            throw new IllegalArgumentException("relance.figures.shards must be between 1 and 64, was " + shards);
        }
    }
}
