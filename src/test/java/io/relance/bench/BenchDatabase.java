package io.relance.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MariaDB database of a benchmark's own, on DB_URL's server (default 127.0.0.1:3306, user root), created fresh for
 * the run and dropped at its end: nothing another program or test left there takes part, and nothing stays.
 */
record BenchDatabase(String serverUrl, String url, String name, String user, String password) {

    static BenchDatabase fresh(String name) throws SQLException {
        String serverUrl = System.getenv().getOrDefault("DB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
        String user = System.getenv().getOrDefault("DB_USER", "root");
        String password = System.getenv().getOrDefault("DB_PASSWORD", "");
        Matcher m = Pattern.compile("^(jdbc:mariadb://[^/]+/)([^?]*)(.*)$").matcher(serverUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("DB_URL is not a MariaDB URL: " + serverUrl);
        }
        BenchDatabase database = new BenchDatabase(serverUrl, m.group(1) + name
                + "?nullDatabaseMeansCurrent=true&rewriteBatchedStatements=true", name, user, password);
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return database;
    }

    /** Relance's settings for this database. */
    List<String> appArgs() {
        return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password);
    }

    void drop() {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            System.out.println("Database " + name + " dropped.");
        } catch (SQLException e) {
            System.err.println("Database " + name + " not dropped: " + e);
        }
    }
}
