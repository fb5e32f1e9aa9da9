package io.relance.callback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Sales call-back tasks.
 *
 * @param defaultDue              when the call is due, from the moment the task is created, unless the scenario sets
 *                                {@code callbackDue}
 * @param defaultFollowUp         when the rep should first look at the task (Tasklist's follow-up date), unless the
 *                                scenario sets {@code callbackFollowUp}
 * @param filterName              name of the Tasklist filter created for group {@code sales}
 * @param timeZone                where business days are counted (a retry call is due the next one, Monday to
 *                                Friday), and where the call-back capacity's day starts and ends
 * @param dailyCapacity           the most call-back tasks scenarios may create per day (at least 1)
 * @param highPriorityFrom        a request whose priority ({@code dmn/message-priority.dmn}, channel
 *                                {@code callback}) is at least this is high-priority: it may use every slot of the day
 * @param reservedForHighPriority slots of the day only high-priority requests may take: the others stop at
 *                                {@code dailyCapacity - reservedForHighPriority} (0 or more, below the capacity)
 */
@ConfigurationProperties("relance.callback")
record CallbackProperties(@DefaultValue("P1D") Duration defaultDue, @DefaultValue("PT4H") Duration defaultFollowUp,
                          @DefaultValue("Call-backs") String filterName,
                          @DefaultValue("Europe/Paris") ZoneId timeZone,
                          @DefaultValue("20") int dailyCapacity,
                          @DefaultValue("90") int highPriorityFrom,
                          @DefaultValue("5") int reservedForHighPriority) {

    CallbackProperties {
        if (dailyCapacity < 1) {
            throw new IllegalArgumentException("relance.callback.daily-capacity must be at least 1 (call-back tasks"
                    + " per day for group sales), was " + dailyCapacity);
        }
        if (reservedForHighPriority < 0 || reservedForHighPriority >= dailyCapacity) {
            throw new IllegalArgumentException("relance.callback.reserved-for-high-priority must be at least 0 and"
                    + " less than relance.callback.daily-capacity (" + dailyCapacity + "), so that other requests"
                    + " keep at least one slot a day; was " + reservedForHighPriority);
        }
    }

    /** How many call-back tasks a request of that priority may bring the day's count up to. */
    int limitFor(int priority) {
        return priority >= highPriorityFrom ? dailyCapacity : dailyCapacity - reservedForHighPriority;
    }
}
