package io.relance.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Accounts created at start-up.
 *
 * @param adminUser           id of the administrator (group camunda-admin)
 * @param adminPassword       its password; empty: generated and printed once, when the user is first created
 * @param integrationUser     id of the system account for shops and CRMs (group integration)
 * @param integrationPassword its password; empty: no such account is created
 */
@ConfigurationProperties("relance.security")
record SecurityProperties(@DefaultValue("admin") String adminUser, String adminPassword,
                          @DefaultValue("integration") String integrationUser, String integrationPassword) {
}
