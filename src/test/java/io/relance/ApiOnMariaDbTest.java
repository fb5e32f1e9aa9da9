package io.relance;

import io.relance.support.MariaDb;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The same REST contract on the real MariaDB (profile {@code mariadb}); fails when REQUIRE_MARIADB=1 and it is down. */
@MariaDb
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"mariadb", "apitest"})
class ApiOnMariaDbTest extends ApiContractTests {
}
