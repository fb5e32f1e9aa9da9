package io.relance.datetrigger;

import io.relance.support.MariaDb;
import io.relance.support.ScratchDatabase;
import io.relance.support.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.SQLException;

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
        String url = ScratchDatabase.fresh("date_triggers");
        registry.add("spring.datasource.url", () -> url);
    }
}
