package io.relance.datetrigger;

import io.relance.support.MariaDb;
import io.relance.support.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The date-trigger run on the real MariaDB (where the stored JSON is LONGTEXT), in a database of its own created
 * fresh for the run ({@code <DB_URL's database>_date_triggers}).
 */
@MariaDb
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles({"mariadb", "apitest"})
@DirtiesContext
@Import(TestClock.class)
class DateTriggersOnMariaDbTest extends DateTriggersTests {

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String url = MariaDb.Condition.url();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:mariadb://[^/]+/)([^?]*)(.*)$")
                .matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("Cannot read the database name of " + url);
        }
        String database = (m.group(2).isEmpty() ? "test" : m.group(2)) + "_date_triggers";
        try (Connection connection = DriverManager.getConnection(url, MariaDb.Condition.user(),
                MariaDb.Condition.password()); Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS `" + database + "`");
            sql.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        registry.add("spring.datasource.url", () -> m.group(1) + database + m.group(3));
    }
}
