package io.relance.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relance.refusal.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The documented event types: the message names a scenario may start with or wait for, read from the catalogue file
 * {@code bpmn/event-types.yaml} ({@link EventCatalogFile}) at start-up and whenever the diagrams are deployed. Shops,
 * CRMs and booking engines send them to {@code POST /api/events}; Relance itself emits the reactions (opens, clicks,
 * unsubscribes, SMS receipts) and the events of its daily runs. A scenario starting with a type not listed is refused
 * at deployment (a typo would otherwise leave it waiting for an event nobody sends), and an event's {@code data} is
 * checked against the fields its type declares.
 */
@Component
public class EventCatalog {

    private static final Logger log = LoggerFactory.getLogger(EventCatalog.class);

    private final String scenarioDir;
    private volatile Loaded loaded;

    private record Loaded(String origin, Map<String, EventTypeDefinition> types) {
    }

    EventCatalog(@Value("${relance.scenario-dir:}") String scenarioDir) {
        this.scenarioDir = scenarioDir;
        this.loaded = read(scenarioDir);
    }

    /**
     * The catalogue as a start with this {@code relance.scenario-dir} (blank: the working directory, else the packaged
     * copy) reads it, e.g. for a check outside the application.
     */
    public static EventCatalog of(String scenarioDir) {
        return new EventCatalog(scenarioDir);
    }

    /**
     * Reads the catalogue file again (the deployment of the diagrams does, before checking them). A bad file throws
     * an {@link EventCatalogException} and the catalogue read before stays in use.
     */
    public void reload() {
        Loaded fresh = read(scenarioDir);
        loaded = fresh;
        log.info("Event catalogue from {}: {} event types", fresh.origin(), fresh.types().size());
    }

    private static Loaded read(String scenarioDir) {
        EventCatalogFile.Source source = EventCatalogFile.locate(scenarioDir, Path.of("").toAbsolutePath());
        Map<String, EventTypeDefinition> types = new LinkedHashMap<>();
        for (EventTypeDefinition type : EventCatalogFile.parse(source)) {
            types.put(type.type(), type);
        }
        return new Loaded(source.location(), java.util.Collections.unmodifiableMap(types));
    }

    /** Where the catalogue in use was read from. */
    public String origin() {
        return loaded.origin();
    }

    /** The event types, in the order of the file. */
    public List<EventTypeDefinition> types() {
        return List.copyOf(loaded.types().values());
    }

    /** The names of the documented event types. */
    public Set<String> names() {
        return loaded.types().keySet();
    }

    public Optional<EventTypeDefinition> find(String type) {
        return Optional.ofNullable(loaded.types().get(type));
    }

    public boolean isDocumented(String type) {
        return loaded.types().containsKey(type);
    }

    /**
     * The problems of an event's {@code data} against the fields its type declares: a required field missing (or
     * null), a value of another type. Fields the type does not declare are fine (shops send more than scenarios
     * use); a type the catalogue does not document has no declared fields.
     */
    List<FieldProblem> problems(String type, ObjectNode data) {
        EventTypeDefinition definition = loaded.types().get(type);
        List<FieldProblem> problems = new ArrayList<>();
        if (definition == null) {
            return problems;
        }
        for (EventField field : definition.fields()) {
            JsonNode value = data == null ? null : data.get(field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    problems.add(new FieldProblem("data." + field.name(), "is required for " + type + " ("
                            + field.type().key() + ")"));
                }
            } else if (!field.type().accepts(value)) {
                problems.add(new FieldProblem("data." + field.name(), field.type().expectation()));
            }
        }
        return problems;
    }
}
