package io.relance.security;

import org.aopalliance.intercept.MethodInterceptor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Relance's delegates and listeners (the beans BPMN names as {@code ${sendEmail}}, {@code ${callbackCapacity}}, ...)
 * run as application code, without engine authentication, also when the engine runs them synchronously inside an
 * {@code /engine-rest} call: a message correlated by an integration account that starts the call-back scenario
 * reserves a call-back slot (a decision evaluation the account may not do), a split test reads its scenario. They act
 * on the scenario's behalf, not the caller's, and their engine queries must not be filtered by the caller's
 * permissions. The caller's authentication is put back when they return, so the rest of the call (its permission
 * checks, its operation log entry) keeps it.
 * <p>
 * The beans are wrapped in an interface proxy: the engine finds them by name and uses them through these interfaces.
 */
@Component
class DelegatesRunAsApplication implements BeanPostProcessor {

    private final ObjectProvider<IdentityService> identityService;

    DelegatesRunAsApplication(ObjectProvider<IdentityService> identityService) {
        this.identityService = identityService;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof JavaDelegate || bean instanceof ExecutionListener || bean instanceof TaskListener)
                || !bean.getClass().getName().startsWith("io.relance.")) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(false);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            if (invocation.getMethod().getDeclaringClass() == Object.class) {
                return invocation.proceed();
            }
            return EngineCaller.asApplication(identityService.getObject(), invocation::proceed);
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }
}
