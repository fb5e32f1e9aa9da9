package io.relance.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;

import javax.xml.datatype.DatatypeFactory;

/**
 * Names the implementations of two Jakarta/JAXP services in the system properties their finders read first, so that
 * they are not looked up with a {@link java.util.ServiceLoader} — a scan of every jar of the class path — each time:
 * <ul>
 * <li>{@code jakarta.mail.util.StreamProvider}: Jakarta Mail 2.1 looks it up for every multipart, body part and
 * encoding of every email (jakartaee/mail-api issues 699 and 861); a fifth of the delivery threads' time in a
 * profile of the welcome line;</li>
 * <li>{@code javax.xml.datatype.DatatypeFactory}: Camunda creates one for every timer duration it resolves.</li>
 * </ul>
 * A value set on the command line ({@code -D...}) is kept.
 */
@Configuration(proxyBeanMethods = false)
class ProviderLookups {

    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String DATATYPE_FACTORY = DatatypeFactory.DATATYPEFACTORY_PROPERTY;

    private static final Logger log = LoggerFactory.getLogger(ProviderLookups.class);

    ProviderLookups() {
        name(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        try {
            name(DATATYPE_FACTORY, DatatypeFactory.newDefaultInstance().getClass().getName());
        } catch (RuntimeException e) {
            log.debug("No default DatatypeFactory to name ({}); looked up as usual", e.toString());
        }
    }

    private static void name(String property, String implementation) {
        if (System.getProperty(property) != null) {
            return;
        }
        try {
            Class.forName(implementation, false, ProviderLookups.class.getClassLoader());
            System.setProperty(property, implementation);
        } catch (ClassNotFoundException | LinkageError e) {
            log.debug("{} not on the class path: {} looked up as usual", implementation, property);
        }
    }
}
