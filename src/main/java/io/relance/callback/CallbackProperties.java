package io.relance.callback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Sales call-back tasks.
 *
 * @param defaultDue      when the call is due, from the moment the task is created, unless the scenario sets
 *                        {@code callbackDue}
 * @param defaultFollowUp when the rep should first look at the task (Tasklist's follow-up date), unless the scenario
 *                        sets {@code callbackFollowUp}
 * @param filterName      name of the Tasklist filter created for group {@code sales}
 * @param timeZone        where business days are counted (a retry call is due the next one, Monday to Friday)
 */
@ConfigurationProperties("relance.callback")
record CallbackProperties(@DefaultValue("P1D") Duration defaultDue, @DefaultValue("PT4H") Duration defaultFollowUp,
                          @DefaultValue("Call-backs") String filterName,
                          @DefaultValue("Europe/Paris") ZoneId timeZone) {
}
