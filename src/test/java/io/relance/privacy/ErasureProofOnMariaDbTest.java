package io.relance.privacy;

import io.relance.support.MariaDb;
import io.relance.support.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The erasure proof on the real MariaDB, in a database of its own ({@code <DB_URL's database>_erasure_proof}),
 * created fresh at history level FULL and dropped afterwards (the shared database keeps its own history level).
 */
@MariaDb
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.history-level=full",
        "camunda.bpm.job-execution.enabled=false",
        "relance.public-url=https://relance.example",
        "relance.sms.api-key=key", "relance.sms.api-secret=secret", "relance.sms.sender=Relance",
        "relance.sms.stop-mention=STOP au 36111"})
@ActiveProfiles({"mariadb", "apitest"})
@DirtiesContext
@Import(TestClock.class)
class ErasureProofOnMariaDbTest extends ErasureProofTests {

    private static final Matcher URL = Pattern.compile("^(jdbc:mariadb://[^/]+/)([^?]*)(.*)$")
            .matcher(MariaDb.Condition.url());

    private static String database() {
        if (!URL.matches()) {
            throw new IllegalStateException("Cannot read the database name of " + MariaDb.Condition.url());
        }
        return (URL.group(2).isEmpty() ? "test" : URL.group(2)) + "_erasure_proof";
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(MariaDb.Condition.url(), MariaDb.Condition.user(),
                MariaDb.Condition.password()); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        String database = database();
        sql("DROP DATABASE IF EXISTS `" + database + "`");
        sql("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        registry.add("spring.datasource.url", () -> URL.group(1) + database + URL.group(3));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        sql("DROP DATABASE IF EXISTS `" + database() + "`");
    }
}
