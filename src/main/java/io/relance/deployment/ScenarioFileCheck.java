package io.relance.deployment;

import java.util.List;

/**
 * A check a feature runs on the scenario files before anything is deployed (e.g. the date-trigger table's rows):
 * any problem stops start-up, naming the file and the problem, and nothing of that start is deployed.
 */
public interface ScenarioFileCheck {

    /**
     * The problems of one file ({@code name}: its resource name, {@code bpmn/x.bpmn}, {@code dmn/x.dmn};
     * {@code location}: where it was read, for the message); empty when it may be deployed or is not this check's.
     */
    List<String> problems(String name, String location, byte[] content);
}
