package io.relance.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;

/**
 * Makes sure the accounts Relance needs exist, before the application takes requests: the administrator (password
 * from {@code RELANCE_ADMIN_PASSWORD}, or generated and printed once), the groups {@code camunda-admin},
 * {@code integration}, {@code sales}, {@code marketing} and {@code monitoring}, and optionally the integration account.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final SecurityProperties properties;

    IdentityBootstrap(IdentityService identityService, AuthorizationService authorizationService,
                      SecurityProperties properties) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensureGroup(Groups.ADMIN, "Relance administrators", org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM);
        ensureGroup(Groups.INTEGRATION, "Integrating systems", org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM);
        ensureGroup(Groups.SALES, "Sales reps", org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW);
        // Marketers read Relance's dashboard; no Camunda webapp is granted to them.
        ensureGroup(Groups.MARKETING, "Marketers", org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW);
        // Prometheus' account scrapes /actuator/prometheus; no Camunda webapp is granted to it.
        ensureGroup(Groups.MONITORING, "Monitoring", org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM);
        for (Resource resource : Resources.values()) {
            ensureGrant(Groups.ADMIN, resource, Authorization.ANY);
        }
        ensureGrant(Groups.SALES, Resources.APPLICATION, "tasklist");

        String adminPassword = blankToNull(properties.adminPassword());
        boolean created = ensureUser(properties.adminUser(), "Relance", "Administrator", adminPassword, Groups.ADMIN);
        if (created && adminPassword == null) {
            String generated = generatePassword();
            User admin = identityService.createUserQuery().userId(properties.adminUser()).singleResult();
            admin.setPassword(generated);
            identityService.saveUser(admin);
            log.warn("""

                    ==============================================================================
                     Relance created the administrator '{}' with the generated password:
                         {}
                     It is shown only this once. Set RELANCE_ADMIN_PASSWORD to choose your own.
                    ==============================================================================""",
                    properties.adminUser(), generated);
        }
        String integrationPassword = blankToNull(properties.integrationPassword());
        if (integrationPassword != null) {
            ensureUser(properties.integrationUser(), "Integration", "Account", integrationPassword, Groups.INTEGRATION);
        }
        String monitoringPassword = blankToNull(properties.monitoringPassword());
        if (monitoringPassword != null) {
            ensureUser(properties.monitoringUser(), "Monitoring", "Account", monitoringPassword, Groups.MONITORING);
        }
    }

    /** Creates the user if missing; applies the configured password when one is given. Returns true if created. */
    private boolean ensureUser(String id, String firstName, String lastName, String password, String group) {
        User user = identityService.createUserQuery().userId(id).singleResult();
        boolean created = user == null;
        if (created) {
            user = identityService.newUser(id);
            user.setFirstName(firstName);
            user.setLastName(lastName);
            user.setPassword(password != null ? password : generatePassword());
            identityService.saveUser(user);
            log.info("Created user '{}' in group '{}'", id, group);
        } else if (password != null && !identityService.checkPassword(id, password)) {
            // checkPassword itself updates the user (failed-attempt counter): save a fresh copy.
            user = identityService.createUserQuery().userId(id).singleResult();
            user.setPassword(password);
            identityService.saveUser(user);
            identityService.unlockUser(id);
            log.info("Updated the password of user '{}' from the configuration", id);
        }
        if (identityService.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
            identityService.createMembership(id, group);
        }
        return created;
    }

    private void ensureGroup(String id, String name, String type) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType(type);
            identityService.saveGroup(group);
        }
    }

    private void ensureGrant(String groupId, Resource resource, String resourceId) {
        boolean present = authorizationService.createAuthorizationQuery().groupIdIn(groupId)
                .resourceType(resource).resourceId(resourceId).count() > 0;
        if (!present) {
            Authorization grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
            grant.addPermission(Permissions.ALL);
            authorizationService.saveAuthorization(grant);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
