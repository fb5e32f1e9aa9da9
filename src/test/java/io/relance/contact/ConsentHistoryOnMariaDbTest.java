package io.relance.contact;

import io.relance.support.MariaDb;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Consent with proof on the real MariaDB (profile {@code mariadb}); fails when REQUIRE_MARIADB=1 and it is down. */
@MariaDb
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles({"mariadb", "apitest"})
class ConsentHistoryOnMariaDbTest extends ConsentHistoryTests {
}
