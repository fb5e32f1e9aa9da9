package io.relance.scenario;

import org.springframework.stereotype.Component;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.Duration;
import java.util.Date;

/**
 * The delivery deadline of the first purchase scenario ({@code bpmn/first-purchase.bpmn}):
 * {@code ${firstPurchaseDates.deliveryDeadline(now(), execution.getVariable('deliveryTimeout'))}}, computed once when
 * the wait for the delivery begins, so that waiting again after another order's delivery does not move it.
 * {@code now()} is the engine's time, as for a timer's duration.
 */
@Component("firstPurchaseDates")
public class FirstPurchaseDates {

    private final DatatypeFactory durations;

    public FirstPurchaseDates() {
        try {
            durations = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("No XML datatype factory to read ISO 8601 durations", e);
        }
    }

    /**
     * {@code timeout} (an ISO 8601 duration, {@value FirstPurchase#DEFAULT_DELIVERY_TIMEOUT} when unset) after
     * {@code from}, added on the calendar as the engine adds a timer's {@code timeDuration}.
     */
    public Date deliveryDeadline(Date from, Object timeout) {
        String text = timeout == null || timeout.toString().isBlank() ? FirstPurchase.DEFAULT_DELIVERY_TIMEOUT
                : timeout.toString().strip();
        Duration duration;
        try {
            duration = durations.newDuration(text);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("'" + FirstPurchase.DELIVERY_TIMEOUT.name()
                    + "' must be an ISO 8601 duration such as P30D, was '" + text + "'", e);
        }
        Date deadline = new Date(from.getTime());
        duration.addTo(deadline);
        return deadline;
    }
}
