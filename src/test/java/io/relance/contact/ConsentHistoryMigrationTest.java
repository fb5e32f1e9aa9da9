package io.relance.contact;

import io.relance.support.MariaDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V15 on a database that already holds contacts (schema at V14): one {@code recorded-before-history} record
 * per consent answer known, with its date (the contact's last update when it had none), and that source as the
 * contact's current one. On H2 and on the real MariaDB (a database of its own, dropped afterwards).
 */
class ConsentHistoryMigrationTest {

    private static final String INSERT_CONTACTS = """
            INSERT INTO contact (id, consent_email, consent_email_at, consent_sms, consent_sms_at, consent_phone,
                                 created_at, updated_at, version)
            VALUES ('old-1', TRUE, TIMESTAMP '2025-03-01 10:00:00', FALSE, TIMESTAMP '2025-04-01 10:00:00', NULL,
                    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-05-01 00:00:00', 0),
                   ('old-2', NULL, NULL, NULL, NULL, TRUE,
                    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-06-01 12:00:00', 0),
                   ('old-3', NULL, NULL, NULL, NULL, NULL,
                    TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-06-01 12:00:00', 0)""";

    static void migrateWithContacts(String url, String user, String password, String vendor) throws SQLException {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/" + vendor)
                .table("relance_schema_history").target("14").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement sql = connection.createStatement()) {
            sql.execute(INSERT_CONTACTS);
        }
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/" + vendor)
                .table("relance_schema_history").load().migrate();
    }

    static void assertBackfilled(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement sql = connection.createStatement()) {
            List<String> records = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT contact_id, channel, granted, at, source, proof,"
                    + " recorded_by, recorded_at FROM consent_record ORDER BY contact_id, channel")) {
                while (rows.next()) {
                    assertThat(rows.getTimestamp("recorded_at")).isNotNull();
                    records.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBoolean(3) + " "
                            + rows.getString(4).substring(0, 16) + " " + rows.getString(5) + " "
                            + rows.getString(6) + " " + rows.getString(7));
                }
            }
            assertThat(records).containsExactly(
                    "old-1 email true 2025-03-01 10:00 recorded-before-history null null",
                    "old-1 sms false 2025-04-01 10:00 recorded-before-history null null",
                    "old-2 phone true 2025-06-01 12:00 recorded-before-history null null");
            List<String> sources = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT id, consent_email_source, consent_sms_source,"
                    + " consent_phone_source FROM contact ORDER BY id")) {
                while (rows.next()) {
                    sources.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " "
                            + rows.getString(4));
                }
            }
            assertThat(sources).containsExactly(
                    "old-1 recorded-before-history recorded-before-history null",
                    "old-2 null null recorded-before-history",
                    "old-3 null null null");
        }
    }

    @Test
    void onH2EachKnownConsentGetsOneRecord() throws SQLException {
        String url = "jdbc:h2:mem:consent-migration;DB_CLOSE_DELAY=-1;TIME ZONE=UTC";
        migrateWithContacts(url, "sa", "", "h2");
        assertBackfilled(url, "sa", "");
    }

    @Nested
    @MariaDb
    class OnMariaDb {

        @Test
        void eachKnownConsentGetsOneRecord() throws SQLException {
            Matcher m = Pattern.compile("^(jdbc:mariadb://[^/]+/)([^?]*)(.*)$").matcher(MariaDb.Condition.url());
            assertThat(m.matches()).as(MariaDb.Condition.url()).isTrue();
            String database = (m.group(2).isEmpty() ? "test" : m.group(2)) + "_migration";
            String user = MariaDb.Condition.user();
            String password = MariaDb.Condition.password();
            try (Connection connection = DriverManager.getConnection(MariaDb.Condition.url(), user, password);
                 Statement sql = connection.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS `" + database + "`");
                sql.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                try {
                    String url = m.group(1) + database + m.group(3);
                    migrateWithContacts(url, user, password, "mariadb");
                    assertBackfilled(url, user, password);
                } finally {
                    sql.execute("DROP DATABASE IF EXISTS `" + database + "`");
                }
            }
        }
    }
}
