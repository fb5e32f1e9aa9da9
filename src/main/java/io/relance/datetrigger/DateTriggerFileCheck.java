package io.relance.datetrigger;

import io.relance.deployment.ScenarioFileCheck;
import io.relance.event.EventCatalog;
import io.relance.scenario.DateTriggerRun;
import org.springframework.stereotype.Component;

import java.util.List;

/** Refuses, at start-up and before anything is deployed, a {@code dmn/date-triggers.dmn} the run could not follow. */
@Component
class DateTriggerFileCheck implements ScenarioFileCheck {

    private final EventCatalog catalog;

    DateTriggerFileCheck(EventCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<String> problems(String name, String location, byte[] content) {
        return DateTriggerRun.DECISION_FILE.equals(name) ? DateTriggerTable.problems(location, content, catalog) : List.of();
    }
}
