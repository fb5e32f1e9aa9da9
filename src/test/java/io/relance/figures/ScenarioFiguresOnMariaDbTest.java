package io.relance.figures;

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
 * Scenario figures end to end on the real MariaDB, in a database of their own created fresh for the run
 * ({@code <DB_URL's database>_figures}): the counts are exact, whatever other suites left in the shared one.
 */
@MariaDb
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example"})
@ActiveProfiles({"mariadb", "apitest"})
@DirtiesContext
@Import(TestClock.class)
class ScenarioFiguresOnMariaDbTest extends ScenarioFiguresTests {

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String url = ScratchDatabase.fresh("figures");
        registry.add("spring.datasource.url", () -> url);
    }
}
