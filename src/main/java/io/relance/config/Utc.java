package io.relance.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * Times in Relance's own tables are written and read in UTC, as {@code hibernate.jdbc.time_zone} has JPA do: JDBC
 * code uses these so that a row written by either is read the same by both, whatever the server's time zone.
 */
public final class Utc {

    private Utc() {
    }

    /** A calendar in UTC, for {@code setTimestamp} and {@code getTimestamp} (a new one each time: not thread-safe). */
    public static Calendar calendar() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    /** The instant as a timestamp (null stays null); write it with {@link #calendar()}. */
    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** The column (by position) read as an instant in UTC (null stays null). */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column, calendar());
        return value == null ? null : value.toInstant();
    }

    /** The column read as an instant in UTC (null stays null). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }
}
