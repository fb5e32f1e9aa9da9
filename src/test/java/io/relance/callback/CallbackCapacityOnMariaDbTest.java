package io.relance.callback;

import com.zaxxer.hikari.HikariDataSource;
import io.relance.support.MariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call-back counter on the real MariaDB (InnoDB, READ COMMITTED as the application's pool sets it), where
 * several application nodes share it: 16 requests at once against a capacity of 5 get exactly 5 slots, the day's row
 * being created by the first of them. The table comes from the MariaDB migration itself, in a database of its own
 * ({@code <database>_callback_capacity}, dropped afterwards), so that the shared test database's Flyway history is
 * left alone. Skipped without MariaDB, failed with {@code REQUIRE_MARIADB=1}.
 */
@MariaDb
class CallbackCapacityOnMariaDbTest {

    private static final Pattern DATABASE = Pattern.compile("(jdbc:mariadb://[^/]+/)([^?]*)(.*)");

    static String database;
    static HikariDataSource dataSource;
    static CallbackCounter counter;
    static TransactionTemplate tx;

    @BeforeAll
    static void schema() throws Exception {
        Matcher url = DATABASE.matcher(MariaDb.Condition.url());
        assertThat(url.matches()).as("a jdbc:mariadb://host/database URL: " + MariaDb.Condition.url()).isTrue();
        database = (url.group(2).isEmpty() ? "test" : url.group(2)) + "_callback_capacity";
        try (Connection server = DriverManager.getConnection(MariaDb.Condition.url(), MariaDb.Condition.user(),
                MariaDb.Condition.password()); Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
            statement.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url.group(1) + database + url.group(3));
        dataSource.setUsername(MariaDb.Condition.user());
        dataSource.setPassword(MariaDb.Condition.password());
        dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        dataSource.setMaximumPoolSize(20);
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/mariadb/V12__callback_capacity.sql"))
                .execute(dataSource);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        counter = new CallbackCounter(new JdbcTemplate(dataSource), transactionManager);
        tx = new TransactionTemplate(transactionManager);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        if (database != null) {
            try (Connection server = DriverManager.getConnection(MariaDb.Condition.url(), MariaDb.Condition.user(),
                    MariaDb.Condition.password()); Statement statement = server.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
            }
        }
    }

    @Test
    void sixteenConcurrentRequestsGetExactlyTheCapacity() throws Exception {
        for (LocalDate day = LocalDate.of(2026, 11, 23); day.isBefore(LocalDate.of(2026, 11, 28));
             day = day.plusDays(1)) {
            LocalDate today = day;
            List<Boolean> granted = CallbackCapacityOnH2Test.concurrently(16, () -> tx.execute(status -> {
                boolean taken = counter.take(today, 5);
                CallbackCapacityOnH2Test.sleep(20); // the rest of the scenario's transaction, holding the row
                return taken;
            }));

            assertThat(granted).as(today.toString()).filteredOn(Boolean::booleanValue).hasSize(5);
            assertThat(counter.used(today)).isEqualTo(5);
        }
    }

    @Test
    void aRolledBackTransactionTakesNoSlot() {
        LocalDate day = LocalDate.of(2026, 12, 1);
        tx.executeWithoutResult(status -> {
            assertThat(counter.take(day, 1)).isTrue();
            status.setRollbackOnly();
        });

        assertThat(counter.used(day)).isZero();
        assertThat(take(day, 1)).isTrue();
        assertThat(take(day, 1)).isFalse();
    }

    private static boolean take(LocalDate day, int limit) {
        return Boolean.TRUE.equals(tx.execute(status -> counter.take(day, limit)));
    }
}
