package io.relance.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of the test's own on the MariaDB server of {@link MariaDb} ({@code DB_URL}, {@code DB_USER},
 * {@code DB_PASSWORD}): created empty, dropped on {@link #close()}, so the test neither sees nor leaves anything in
 * the shared database.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(jdbc:mariadb://[^/?]+/)([^?]*)(.*)");

    private final String name;
    private final String url;

    private ScratchDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** Creates {@code <prefix>_<random>} (utf8mb4). */
    public static ScratchDatabase create(String prefix) throws SQLException {
        Matcher server = URL.matcher(MariaDb.Condition.url());
        if (!server.matches()) {
            throw new IllegalStateException("DB_URL is not a jdbc:mariadb://host/database URL: "
                    + MariaDb.Condition.url());
        }
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String query = server.group(3).isEmpty() ? "?nullDatabaseMeansCurrent=true" : server.group(3);
        ScratchDatabase database = new ScratchDatabase(name, server.group(1) + name + query);
        database.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return database;
    }

    /**
     * Drops and creates {@code <DB_URL's database>_<suffix>} (utf8mb4) and returns its JDBC URL: a database of the test
     * class's own, fresh for each run and left for a look afterwards, for tests that see every row of a table.
     */
    public static String fresh(String suffix) throws SQLException {
        Matcher server = URL.matcher(MariaDb.Condition.url());
        if (!server.matches()) {
            throw new IllegalStateException("DB_URL is not a jdbc:mariadb://host/database URL: "
                    + MariaDb.Condition.url());
        }
        String name = (server.group(2).isEmpty() ? "test" : server.group(2)) + "_" + suffix;
        try (Connection connection = DriverManager.getConnection(MariaDb.Condition.url(), MariaDb.Condition.user(),
                MariaDb.Condition.password()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return server.group(1) + name + server.group(3);
    }

    public String name() {
        return name;
    }

    /** Its JDBC URL (with the query of {@code DB_URL}). */
    public String url() {
        return url;
    }

    /** A new connection to it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, MariaDb.Condition.user(), MariaDb.Condition.password());
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(MariaDb.Condition.url(), MariaDb.Condition.user(),
                MariaDb.Condition.password()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops it. */
    @Override
    public void close() throws SQLException {
        execute("DROP DATABASE IF EXISTS `" + name + "`");
    }
}
