package io.relance.pressure;

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
 * The same on the real MariaDB (row locks of InnoDB, READ COMMITTED), in a database of its own created fresh for the
 * run ({@code <DB_URL's database>_arbitration}): the claim rounds take every granted message there is, and the shared
 * database may hold one that another suite's application granted just before it stopped.
 */
@MariaDb
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles({"mariadb", "apitest"})
@DirtiesContext
@Import(TestClock.class)
class ConcurrentArbitrationOnMariaDbTest extends ConcurrentArbitrationTests {

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String url = ScratchDatabase.fresh("arbitration");
        registry.add("spring.datasource.url", () -> url);
    }
}
