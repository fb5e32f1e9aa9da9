package io.relance.scenario;

/**
 * Data retention ({@code bpmn/data-retention.bpmn}): every night, contacts without any sign of life for the retention
 * period ({@code relance.retention.inactive-period}) are erased, as on a person's request.
 */
public final class DataRetention {

    public static final String PROCESS_KEY = "data-retention";
    public static final String START_EVENT = "StartEvent_EveryNight";
    public static final String TASK_ERASE_INACTIVE = "Task_EraseInactiveContacts";
    public static final String END_RUN_DONE = "EndEvent_RunDone";

    /** Output of the run's task: how many contacts it erased. */
    public static final ProcessVariable<Number> ERASED = ProcessVariable.number("erased");

    private DataRetention() {
    }
}
