package io.relance.security;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The application's event multicaster: Spring event listeners are application code, also when the engine publishes
 * the event (Camunda's event bridge: execution, task and history events, e.g. {@code figures.EngineCounting}) inside
 * an {@code /engine-rest} call. They run without the caller's engine authentication, like
 * {@link DelegatesRunAsApplication delegates}, so that their engine reads are not refused or filtered by the
 * caller's permissions.
 */
@Component(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME)
class ListenersRunAsApplication extends SimpleApplicationEventMulticaster {

    private final ObjectProvider<IdentityService> identityService;

    ListenersRunAsApplication(ObjectProvider<IdentityService> identityService) {
        this.identityService = identityService;
    }

    @Override
    protected void invokeListener(ApplicationListener<?> listener, ApplicationEvent event) {
        if (!EngineCaller.inside()) {
            super.invokeListener(listener, event);
            return;
        }
        try {
            EngineCaller.asApplication(identityService.getObject(), () -> {
                super.invokeListener(listener, event);
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
