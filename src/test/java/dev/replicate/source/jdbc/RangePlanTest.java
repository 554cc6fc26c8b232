package dev.replicate.source.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.mysql.MysqlConnector;
import dev.replicate.source.postgres.PostgresConnector;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan of verify's range query (the one every range of the first pass and of bisection runs): a
 * key the source orders by its text's bytes (SourceColumn#bytewise) is compared as itself, so the
 * key's index serves the range and a range reads its stretch of the table, not all of it; a key of
 * another collation still compares by its UTF-8 bytes, which no index serves. Read from EXPLAIN, on a
 * table of 5,000 rows and a range of some 50 of them.
 */
class RangePlanTest {

    @Test
    void postgresUuidAndCCollatedKeysAreReadThroughTheirIndex() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("CREATE TABLE tk_uuid (uid uuid PRIMARY KEY, v text)",
                    "INSERT INTO tk_uuid SELECT md5(g::text)::uuid, 'v' || g FROM generate_series(1, 5000) g",
                    "CREATE TABLE tk_c (k text COLLATE \"C\" PRIMARY KEY, v text)",
                    "INSERT INTO tk_c SELECT 'k' || g, 'v' || g FROM generate_series(1, 5000) g",
                    "CREATE TABLE tk_varchar_c (k varchar(20) COLLATE \"C\" PRIMARY KEY, v text)",
                    "INSERT INTO tk_varchar_c SELECT 'k' || g, 'v' || g FROM generate_series(1, 5000) g",
                    // The database's default collation (C.UTF-8 or a language's, a libc locale): not trusted.
                    "CREATE TABLE tk_default (k text PRIMARY KEY, v text)",
                    "INSERT INTO tk_default SELECT 'k' || g, 'v' || g FROM generate_series(1, 5000) g",
                    "ANALYZE tk_uuid", "ANALYZE tk_c", "ANALYZE tk_varchar_c", "ANALYZE tk_default");
            try (JdbcSource source = (JdbcSource) new PostgresConnector().open(settings(db))) {
                String plan = plan(source, "tk_uuid", "uid", "a0000000-0000-0000-0000-000000000000",
                        "a1000000-0000-0000-0000-000000000000");
                assertTrue(plan.contains("Index") && plan.contains("tk_uuid_pkey") && plan.contains("Index Cond"), plan);
                plan = plan(source, "tk_c", "k", "k100", "k1005");
                assertTrue(plan.contains("tk_c_pkey") && plan.contains("Index Cond"), plan);
                plan = plan(source, "tk_varchar_c", "k", "k100", "k1005");
                assertTrue(plan.contains("tk_varchar_c_pkey") && plan.contains("Index Cond"), plan);
                plan = plan(source, "tk_default", "k", "k100", "k1005");
                assertFalse(plan.contains("Index Cond"), plan);
                assertTrue(plan.contains("COLLATE \"C\""), plan);
            }
        }
    }

    /**
     * "POSIX" and "ucs_basic" order by bytes as "C" does, but are other collations: the base's
     * {@code COLLATE "C"} did not match their index. A database whose default collation is libc's C
     * makes a plain text key bytewise too, in a UTF8 database.
     */
    @Test
    void postgresPosixAndUcsBasicKeysAndACDatabasesDefaultAreReadThroughTheirIndex() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase(
                "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")) {
            for (String table : List.of("tk_posix", "tk_ucs", "tk_plain")) {
                String collation = switch (table) {
                    case "tk_posix" -> " COLLATE \"POSIX\"";
                    case "tk_ucs" -> " COLLATE ucs_basic";
                    default -> "";
                };
                db.execute("CREATE TABLE " + table + " (k text" + collation + " PRIMARY KEY, v text)",
                        "INSERT INTO " + table + " SELECT 'k' || g, 'v' || g FROM generate_series(1, 5000) g",
                        "ANALYZE " + table);
            }
            try (JdbcSource source = (JdbcSource) new PostgresConnector().open(settings(db))) {
                for (String table : List.of("tk_posix", "tk_ucs", "tk_plain")) {
                    String plan = plan(source, table, "k", "k100", "k1005");
                    assertTrue(plan.contains(table + "_pkey") && plan.contains("Index Cond"), plan);
                }
            }
        }
    }

    /** A date or time key cut at its stored text: each bound cast back to the column's type, served by its index. */
    @Test
    void postgresDateAndTimeKeysAreReadThroughTheirIndex() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            db.execute("CREATE TABLE tk_ts (k timestamp(3) PRIMARY KEY, v text)",
                    "INSERT INTO tk_ts SELECT timestamp '2024-01-01' + g * interval '1.5 ms', 'v' FROM generate_series(1, 5000) g",
                    "CREATE TABLE tk_tstz (k timestamptz PRIMARY KEY, v text)",
                    "INSERT INTO tk_tstz SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '1.5 ms', 'v'"
                            + " FROM generate_series(1, 5000) g",
                    "CREATE TABLE tk_date (k date PRIMARY KEY, v text)",
                    "INSERT INTO tk_date SELECT date '2000-01-01' + g, 'v' FROM generate_series(1, 5000) g",
                    "ANALYZE tk_ts", "ANALYZE tk_tstz", "ANALYZE tk_date");
            try (JdbcSource source = (JdbcSource) new PostgresConnector().open(settings(db))) {
                String plan = plan(source, "tk_ts", "k", "2024-01-01 00:00:00.15", "2024-01-01 00:00:00.225");
                assertTrue(plan.contains("tk_ts_pkey") && plan.contains("Index Cond"), plan);
                plan = plan(source, "tk_tstz", "k", "2024-01-01T00:00:00.15+00:00", "2024-01-01T00:00:00.225+00:00");
                assertTrue(plan.contains("tk_tstz_pkey") && plan.contains("Index Cond"), plan);
                plan = plan(source, "tk_date", "k", "2001-01-01", "2001-02-15");
                assertTrue(plan.contains("tk_date_pkey") && plan.contains("Index Cond"), plan);
            }
        }
    }

    @Test
    void mariadbDateAndTimeKeysAreReadThroughTheirIndex() throws Exception {
        try (MysqlTestDatabase db = new MysqlTestDatabase()) {
            StringBuilder values = new StringBuilder();
            java.time.LocalDateTime start = java.time.LocalDateTime.of(2024, 1, 1, 0, 0);
            for (int g = 1; g <= 5000; g++) {
                java.time.LocalDateTime at = start.plusNanos(g * 1_500_000L);
                values.append(g == 1 ? "" : ", ").append("('").append(at.toLocalDate()).append(' ')
                        .append(at.toLocalTime()).append("', '").append(at.toLocalDate().plusDays(g)).append("')");
            }
            db.execute("SET time_zone = '+00:00'",
                    "CREATE TABLE tk_dt (k DATETIME(3) NOT NULL PRIMARY KEY, d DATE NOT NULL)",
                    "INSERT INTO tk_dt VALUES " + values,
                    "CREATE TABLE tk_tz (k TIMESTAMP(3) NOT NULL PRIMARY KEY, d DATE NOT NULL)",
                    "INSERT INTO tk_tz VALUES " + values,
                    "CREATE TABLE tk_date (k DATE NOT NULL PRIMARY KEY)",
                    "INSERT INTO tk_date SELECT d FROM tk_dt",
                    "ANALYZE TABLE tk_dt", "ANALYZE TABLE tk_tz", "ANALYZE TABLE tk_date");
            try (JdbcSource source = (JdbcSource) new MysqlConnector().open(settings(db))) {
                assertEquals("range", mysqlAccess(source, "tk_dt", "2024-01-01 00:00:00.15", "2024-01-01 00:00:00.225"));
                assertEquals("range", mysqlAccess(source, "tk_tz", "2024-01-01T00:00:00.15+00:00",
                        "2024-01-01T00:00:00.225+00:00"));
                assertEquals("range", mysqlAccess(source, "tk_date", "2024-01-21", "2024-02-15"));
            }
        }
    }

    @Test
    void mariadbNoPadBinaryKeysAreReadThroughTheirIndex() throws Exception {
        try (MysqlTestDatabase db = new MysqlTestDatabase()) {
            StringBuilder values = new StringBuilder();
            for (int g = 1; g <= 5000; g++) {
                values.append(g == 1 ? "" : ", ").append("('k").append(g).append("', 'v").append(g).append("')");
            }
            for (String table : List.of("tk_nopad", "tk_bin", "tk_ci")) {
                String collation = switch (table) {
                    case "tk_nopad" -> "utf8mb4_nopad_bin";
                    // PAD SPACE: 'a' and 'a ' equal, 'a\t' before 'a': its order is not the bytes'.
                    case "tk_bin" -> "utf8mb4_bin";
                    default -> "utf8mb4_general_ci";
                };
                db.execute("CREATE TABLE " + table + " (k VARCHAR(20) CHARACTER SET utf8mb4 COLLATE " + collation
                        + " PRIMARY KEY, v VARCHAR(20))", "INSERT INTO " + table + " VALUES " + values,
                        "ANALYZE TABLE " + table);
            }
            try (JdbcSource source = (JdbcSource) new MysqlConnector().open(settings(db))) {
                assertEquals("range", mysqlAccess(source, "tk_nopad"));
                assertEquals("ALL", mysqlAccess(source, "tk_bin"));
                assertEquals("ALL", mysqlAccess(source, "tk_ci"));
            }
        }
    }

    private static SourceSettings settings(TestDatabase db) {
        return new SourceSettings(db.conn(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** EXPLAIN's access type of the table in the range query's subquery. */
    private static String mysqlAccess(JdbcSource source, String table) throws Exception {
        return mysqlAccess(source, table, "k100", "k1005");
    }

    private static String mysqlAccess(JdbcSource source, String table, String after, String upTo) throws Exception {
        List<String> types = new ArrayList<>();
        try (PreparedStatement explain = explain(source, table, "k", after, upTo);
             ResultSet rs = explain.executeQuery()) {
            while (rs.next()) {
                if (table.equals(rs.getString("table"))) {
                    types.add(rs.getString("type"));
                }
            }
        }
        assertEquals(1, types.size(), types::toString);
        return types.get(0);
    }

    private static String plan(JdbcSource source, String table, String key, String after, String upTo)
            throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = explain(source, table, key, after, upTo);
             ResultSet rs = explain.executeQuery()) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /** EXPLAIN of the range query of (after, upTo] over the whole table, its parameters bound as verify binds them. */
    private static PreparedStatement explain(JdbcSource source, String table, String key, String after, String upTo)
            throws Exception {
        TableSchema schema = source.reflect(new TableName(Optional.empty(), table));
        SourceColumn keyColumn = schema.column(key).orElseThrow();
        DigestRequest request = new DigestRequest(schema, schema.columns(), List.of(keyColumn), null, null,
                Optional.empty(), Optional.empty(), false, true);
        assertTrue(DigestRequest.text(keyColumn) || request.cutAtStoredText(keyColumn), keyColumn::toString);
        JdbcDigests digests = new JdbcDigests(source, source.digestSql(request).orElseThrow(), request);
        KeyRange range = new KeyRange(Optional.of(List.of(after)), Optional.of(List.of(upTo)));
        PreparedStatement statement = source.connection.prepareStatement("EXPLAIN " + digests.rangeQuery(range));
        digests.bindRangeQuery(statement, range);
        return statement;
    }
}
