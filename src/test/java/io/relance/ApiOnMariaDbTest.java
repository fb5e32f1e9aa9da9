package io.relance;

import io.relance.support.MariaDb;
import io.relance.support.ScratchDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.SQLException;

/**
 * The same REST contract on the real MariaDB (profile {@code mariadb}); fails when REQUIRE_MARIADB=1 and it is down.
 * In a database of its own, created fresh for each run: the scenarios its events start (welcome emails granted,
 * reminders waiting on their timers) stay there, not in the database other suites share.
 */
@MariaDb
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"mariadb", "apitest"})
class ApiOnMariaDbTest extends ApiContractTests {

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String url = ScratchDatabase.fresh("api");
        registry.add("spring.datasource.url", () -> url);
    }
}
