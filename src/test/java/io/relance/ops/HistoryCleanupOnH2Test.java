package io.relance.ops;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** History cleanup on the embedded default database (in memory for the test). */
@DirtiesContext
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-history;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false"})
class HistoryCleanupOnH2Test extends HistoryCleanupTests {
}
