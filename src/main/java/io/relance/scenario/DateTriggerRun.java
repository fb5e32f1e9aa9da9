package io.relance.scenario;

/**
 * The hourly date-trigger run ({@code bpmn/birthday-run.bpmn}; the process keeps the id {@code birthday-run} it had
 * when it greeted birthdays only, so that an upgrade replaces its timer instead of leaving a second one): it emits the
 * events of {@code dmn/date-triggers.dmn} ({@code BirthdayToday}, {@code ContractEndApproaching},
 * {@code CustomerAnniversary}, ...) for the contacts whose date falls today in their time zone.
 */
public final class DateTriggerRun {

    public static final String PROCESS_KEY = "birthday-run";
    public static final String START_EVENT = "StartEvent_EveryHour";
    public static final String TASK_EMIT = "Task_EmitDateEvents";
    public static final String END_DONE = "EndEvent_RunDone";
    /** The decision (hit policy COLLECT) whose rows are the date triggers. */
    public static final String DECISION = "date-triggers";
    /** The resource name of the table, as deployed. */
    public static final String DECISION_FILE = "dmn/date-triggers.dmn";

    /** Output of the run's task: how many events it emitted (a replayed one does not count). */
    public static final ProcessVariable<Number> EMITTED = ProcessVariable.number("emitted");

    private DateTriggerRun() {
    }
}
