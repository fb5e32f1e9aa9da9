package io.relance.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Accounts created at start-up.
 *
 * @param adminUser           id of the administrator (group camunda-admin)
 * @param adminPassword       its password; empty: generated and printed once, when the user is first created
 * @param integrationUser     id of the system account for shops and CRMs (group integration)
 * @param integrationPassword its password; empty: no such account is created
 * @param credentialsCacheTtl how long a successful HTTP Basic check is remembered (per node; 0 disables), so that
 *                            busy integrations do not cost a password hash and two queries per request; a changed
 *                            password or group membership takes effect after at most this delay
 * @param monitoringUser      id of the account Prometheus scrapes {@code /actuator/prometheus} with (group monitoring)
 * @param monitoringPassword  its password; empty: no such account is created
 */
@ConfigurationProperties("relance.security")
record SecurityProperties(@DefaultValue("admin") String adminUser, String adminPassword,
                          @DefaultValue("integration") String integrationUser, String integrationPassword,
                          @DefaultValue("PT30S") Duration credentialsCacheTtl,
                          @DefaultValue("prometheus") String monitoringUser, String monitoringPassword) {
}
