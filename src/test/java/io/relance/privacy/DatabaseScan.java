package io.relance.privacy;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads every table of the application's database (Relance's and Camunda's, found through JDBC metadata), every
 * character, CLOB, binary and BLOB column (bytes decoded as UTF-8), and reports where any of the given texts occurs
 * (compared without case): {@code table.column contains 'text' (row n)}.
 */
final class DatabaseScan {

    private static final Set<Integer> TEXT_TYPES = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
            Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB, Types.SQLXML, Types.OTHER);
    private static final Set<Integer> BINARY_TYPES = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY,
            Types.BLOB);

    /** What was scanned: tables, and per table its text and binary columns. */
    record Scanned(Map<String, List<String>> columns, List<String> findings) {
    }

    private DatabaseScan() {
    }

    static Scanned scan(DataSource dataSource, Collection<String> needles) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        List<String> findings = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String catalog = connection.getCatalog();
            String schema = connection.getSchema();
            String quote = meta.getIdentifierQuoteString().strip();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(catalog, schema, "%", null)) {
                while (rs.next()) {
                    String type = rs.getString("TABLE_TYPE").toUpperCase(Locale.ROOT);
                    if (type.contains("TABLE") && !type.contains("SYSTEM") && !type.contains("TEMPORARY")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String table : tables) {
                List<String> scanned = new ArrayList<>();
                List<Boolean> binary = new ArrayList<>();
                try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
                    while (rs.next()) {
                        int type = rs.getInt("DATA_TYPE");
                        if (TEXT_TYPES.contains(type) || BINARY_TYPES.contains(type)) {
                            scanned.add(rs.getString("COLUMN_NAME"));
                            binary.add(BINARY_TYPES.contains(type));
                        }
                    }
                }
                columns.put(table, scanned);
                if (scanned.isEmpty()) {
                    continue;
                }
                StringBuilder select = new StringBuilder("SELECT ");
                for (int i = 0; i < scanned.size(); i++) {
                    select.append(i == 0 ? "" : ", ").append(quote).append(scanned.get(i)).append(quote);
                }
                select.append(" FROM ").append(quote).append(table).append(quote);
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery(select.toString())) {
                    int row = 0;
                    while (rs.next()) {
                        row++;
                        for (int i = 0; i < scanned.size(); i++) {
                            String value;
                            if (binary.get(i)) {
                                byte[] bytes = rs.getBytes(i + 1);
                                value = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
                            } else {
                                value = rs.getString(i + 1);
                            }
                            if (value == null) {
                                continue;
                            }
                            String lower = value.toLowerCase(Locale.ROOT);
                            for (String needle : needles) {
                                if (lower.contains(needle.toLowerCase(Locale.ROOT))) {
                                    findings.add(table + "." + scanned.get(i) + " contains '" + needle + "' (row "
                                            + row + "): " + excerpt(value, lower.indexOf(
                                            needle.toLowerCase(Locale.ROOT))));
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Scanned(columns, findings);
    }

    private static String excerpt(String value, int at) {
        int from = Math.max(0, at - 60);
        int to = Math.min(value.length(), at + 80);
        return value.substring(from, to).replaceAll("[\\p{Cntrl}]", "?");
    }
}
