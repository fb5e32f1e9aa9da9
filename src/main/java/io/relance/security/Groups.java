package io.relance.security;

/** The Camunda groups Relance relies on. */
public final class Groups {

    /** Administers the engine: Cockpit, Admin, the whole of {@code /engine-rest}. */
    public static final String ADMIN = "camunda-admin";
    /** System accounts of shops, CRMs and booking engines: {@code /api/**} and message correlation. */
    public static final String INTEGRATION = "integration";
    /** Sales reps: call-back tasks in Tasklist. */
    public static final String SALES = "sales";
    /** Marketers: read the dashboard ({@code /insight}) and the figures, experiments and timelines it shows. */
    public static final String MARKETING = "marketing";
    /** Monitoring systems (Prometheus): read {@code /actuator/prometheus}, nothing else. */
    public static final String MONITORING = "monitoring";

    static final String AUTHORITY_PREFIX = "GROUP_";

    private Groups() {
    }

    static String authority(String group) {
        return AUTHORITY_PREFIX + group;
    }
}
