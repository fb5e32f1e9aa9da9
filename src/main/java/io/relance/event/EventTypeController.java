package io.relance.event;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The event catalogue for integrators: each event type with who sends it and its data fields. */
@RestController
@RequestMapping("/api/event-types")
class EventTypeController {

    private final EventCatalog catalog;

    EventTypeController(EventCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    List<EventTypeDefinition> list() {
        return catalog.types();
    }

    @GetMapping("/{type}")
    EventTypeDefinition one(@PathVariable String type) {
        return catalog.find(type).orElseThrow(() -> new UndocumentedEventTypeException(type));
    }
}
