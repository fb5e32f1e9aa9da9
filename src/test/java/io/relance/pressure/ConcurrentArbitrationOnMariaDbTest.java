package io.relance.pressure;

import io.relance.support.MariaDb;
import io.relance.support.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The same on the real MariaDB (row locks of InnoDB, READ COMMITTED). */
@MariaDb
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles({"mariadb", "apitest"})
@DirtiesContext
@Import(TestClock.class)
class ConcurrentArbitrationOnMariaDbTest extends ConcurrentArbitrationTests {
}
