package io.relance.privacy;

import io.relance.support.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The erasure proof on the embedded default database (in memory, history level FULL). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relance-erasure;DB_CLOSE_DELAY=-1",
        "camunda.bpm.history-level=full",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example",
        "relance.sms.api-key=key", "relance.sms.api-secret=secret", "relance.sms.sender=Relance",
        "relance.sms.stop-mention=STOP au 36111"})
@ActiveProfiles("apitest")
@DirtiesContext
@Import(TestClock.class)
class ErasureProofOnH2Test extends ErasureProofTests {
}
