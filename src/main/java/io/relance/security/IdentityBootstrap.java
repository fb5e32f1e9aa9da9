package io.relance.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
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
        grantEngineAccess();

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

    /**
     * The engine authorizations of each group (README, "Camunda REST"), which Camunda applies to the webapps and to
     * {@code /engine-rest} calls (run as the caller, {@link EngineAuthenticationFilter}):
     * <ul>
     * <li>{@code camunda-admin}: everything (also Camunda's admin group, which bypasses the checks).</li>
     * <li>{@code sales}: the Tasklist application. Its tasks come from the engine itself: a candidate group gets READ
     * and UPDATE on each task it is candidate of (list, claim, form, complete), nothing on other tasks; the call-back
     * filter and the call-back scenario's definition are granted with them ({@code callback.CallbackTasklist}).</li>
     * <li>{@code integration}: message correlation only: start an instance of any scenario (CREATE on process
     * instances, CREATE_INSTANCE on definitions) and continue a waiting one (UPDATE_INSTANCE on definitions). No
     * READ anywhere: no task, instance, variable, history or deployment.</li>
     * <li>{@code marketing}: nothing (the dashboard reads through Relance's own code).</li>
     * </ul>
     * Idempotent: a missing permission is added, nothing is taken away (an administrator may grant more in Admin).
     */
    private void grantEngineAccess() {
        for (Resource resource : Resources.values()) {
            ensureGrant(Groups.ADMIN, resource, Authorization.ANY, Permissions.ALL);
        }
        ensureGrant(Groups.SALES, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        ensureGrant(Groups.INTEGRATION, Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE);
        ensureGrant(Groups.INTEGRATION, Resources.PROCESS_DEFINITION, Authorization.ANY,
                ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE);
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

    private void ensureGrant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization grant = authorizationService.createAuthorizationQuery()
                .authorizationType(Authorization.AUTH_TYPE_GRANT).groupIdIn(groupId)
                .resourceType(resource).resourceId(resourceId).singleResult();
        boolean created = grant == null;
        if (created) {
            grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
        }
        boolean changed = created;
        for (Permission permission : permissions) {
            if (!grant.isPermissionGranted(permission)) {
                grant.addPermission(permission);
                changed = true;
            }
        }
        if (changed) {
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
