package io.relance.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Marks a test class that runs against the real MariaDB ({@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}, by
 * default root@127.0.0.1:3306/test). When the database is unreachable the class is skipped — unless
 * {@code REQUIRE_MARIADB=1} (as in CI), where it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MariaDb.Condition.class)
public @interface MariaDb {

    class Condition implements ExecutionCondition {
        static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3306/test?nullDatabaseMeansCurrent=true";

        public static String url() {
            return env("DB_URL", DEFAULT_URL);
        }

        public static String user() {
            return env("DB_USER", "root");
        }

        public static String password() {
            return env("DB_PASSWORD", "");
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String problem = probe();
            if (problem == null) {
                return ConditionEvaluationResult.enabled("MariaDB reachable at " + url());
            }
            if ("1".equals(System.getenv("REQUIRE_MARIADB"))) {
                throw new IllegalStateException("REQUIRE_MARIADB=1 but MariaDB is unreachable at " + url()
                        + ": " + problem + " (start it: start-stop-daemon --start --oknodo --background"
                        + " --exec /usr/sbin/mariadbd)");
            }
            return ConditionEvaluationResult.disabled("MariaDB unreachable at " + url() + " (" + problem
                    + "); set REQUIRE_MARIADB=1 to make this a failure");
        }

        private static String probe() {
            Properties props = new Properties();
            props.setProperty("user", user());
            props.setProperty("password", password());
            props.setProperty("connectTimeout", "3000");
            try (Connection connection = DriverManager.getConnection(url(), props)) {
                return connection.isValid(3) ? null : "connection not valid";
            } catch (SQLException e) {
                return e.getMessage();
            }
        }
    }
}
