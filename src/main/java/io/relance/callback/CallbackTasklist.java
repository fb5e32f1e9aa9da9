package io.relance.callback;

import io.relance.scenario.LeadCallback;
import io.relance.security.Groups;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares Tasklist for sales reps at start-up (idempotent): a shared task filter "Call-backs" listing the tasks of
 * candidate group {@code sales}, including those already claimed, readable by that group; and READ on the
 * call-back scenario's process definition, so that Tasklist names the scenario and shows its diagram.
 * <p>
 * Which tasks a rep may see, claim and complete is not granted here: the engine grants a candidate group READ and
 * UPDATE on each task it is made candidate of (authorizations are enabled), so reps see their group's tasks and no
 * other.
 */
@Component
class CallbackTasklist implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(CallbackTasklist.class);

    private final FilterService filterService;
    private final TaskService taskService;
    private final AuthorizationService authorizationService;
    private final CallbackProperties properties;

    CallbackTasklist(FilterService filterService, TaskService taskService, AuthorizationService authorizationService,
                     CallbackProperties properties) {
        this.filterService = filterService;
        this.taskService = taskService;
        this.authorizationService = authorizationService;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Filter filter = ensureFilter();
        ensureGrant(Groups.SALES, Resources.FILTER, filter.getId(), Permissions.READ);
        // Not needed to see, claim or complete the tasks, nor for their forms: lets Tasklist show the scenario's
        // name in the task list and its diagram (definition only; no instances, no history).
        ensureGrant(Groups.SALES, Resources.PROCESS_DEFINITION, LeadCallback.PROCESS_KEY, Permissions.READ);
    }

    /** The filter, created when missing; an existing one is left as it is (an administrator may have edited it). */
    private Filter ensureFilter() {
        List<Filter> existing = filterService.createTaskFilterQuery().filterName(properties.filterName())
                .orderByFilterId().asc().list();
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        Map<String, Object> display = new LinkedHashMap<>();
        display.put("description", "Leads to call back (group " + Groups.SALES + "), claimed ones included");
        display.put("priority", -10);
        display.put("color", "#2d7fbf");
        display.put("refresh", true);
        display.put("showUndefinedVariable", false);
        display.put("variables", List.of(
                Map.of("name", LeadCallback.CONTACT_NAME.name(), "label", "Contact"),
                Map.of("name", LeadCallback.CONTACT_PHONE.name(), "label", "Phone")));
        Filter filter = filterService.newTaskFilter(properties.filterName())
                .setQuery(taskService.createTaskQuery().taskCandidateGroup(Groups.SALES).includeAssignedTasks())
                .setProperties(display);
        filterService.saveFilter(filter);
        log.info("Created the Tasklist filter '{}' for group '{}'", properties.filterName(), Groups.SALES);
        return filter;
    }

    private void ensureGrant(String groupId, Resource resource, String resourceId, Permission permission) {
        Authorization grant = authorizationService.createAuthorizationQuery().authorizationType(
                        Authorization.AUTH_TYPE_GRANT).groupIdIn(groupId).resourceType(resource).resourceId(resourceId)
                .singleResult();
        if (grant == null) {
            grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
        } else if (grant.isPermissionGranted(permission)) {
            return;
        }
        grant.addPermission(permission);
        authorizationService.saveAuthorization(grant);
    }
}
