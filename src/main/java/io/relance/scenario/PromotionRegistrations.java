package io.relance.scenario;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.util.Objects;

/**
 * The event promotion's view of registrations ({@code bpmn/event-promotion.bpmn}): it remembers the promoted event
 * at the start, and notes an {@code EventRegistered} of the contact: for that event, {@code registered} = true (no
 * more reminders); for any other event, nothing, and the promoted event's data the registration overwrote
 * ({@code eventName}, {@code eventDate}, {@code eventUrl}) is put back.
 */
@Component("promotionRegistrations")
public class PromotionRegistrations {

    public void remember(DelegateExecution execution) {
        EventPromotion.PROMOTED_EVENT_NAME.set(execution, EventPromotion.EVENT_NAME.get(execution));
        EventPromotion.PROMOTED_EVENT_DATE.set(execution, EventPromotion.EVENT_DATE.get(execution));
        EventPromotion.PROMOTED_EVENT_URL.set(execution, EventPromotion.EVENT_URL.get(execution));
        EventPromotion.REGISTERED.set(execution, false);
    }

    public void note(DelegateExecution execution) {
        String promoted = EventPromotion.PROMOTED_EVENT_NAME.get(execution);
        if (promoted != null && Objects.equals(promoted, EventPromotion.EVENT_NAME.get(execution))) {
            EventPromotion.REGISTERED.set(execution, true);
        }
        EventPromotion.EVENT_NAME.set(execution, promoted);
        EventPromotion.EVENT_DATE.set(execution, EventPromotion.PROMOTED_EVENT_DATE.get(execution));
        EventPromotion.EVENT_URL.set(execution, EventPromotion.PROMOTED_EVENT_URL.get(execution));
    }
}
