package io.relance.ops;

import io.relance.support.MariaDb;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** History cleanup on the real MariaDB (profile {@code mariadb}); fails when REQUIRE_MARIADB=1 and it is down. */
@MariaDb
@DirtiesContext
@SpringBootTest(properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("mariadb")
class HistoryCleanupOnMariaDbTest extends HistoryCleanupTests {
}
