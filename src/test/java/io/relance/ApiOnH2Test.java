package io.relance;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The REST contract on the embedded default database (in memory for the test). */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:relance-api;DB_CLOSE_DELAY=-1")
@ActiveProfiles("apitest")
class ApiOnH2Test extends ApiContractTests {
}
