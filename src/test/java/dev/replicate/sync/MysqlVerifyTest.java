package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlVerifyTest extends VerifyBehaviour {
    private static final String EMOJI = "e\u0301 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD835\uDD1E n\u0303";

    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }

    @Override
    protected List<String> everyTypeTable(String name) {
        return List.of(
                "SET SESSION time_zone = '+05:45'",
                "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
                "CREATE TABLE " + name + " (id INT NOT NULL PRIMARY KEY, updated_at DATETIME(6) NOT NULL,"
                        + " ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT,"
                        + " tiu TINYINT UNSIGNED, iu INT UNSIGNED, biu BIGINT UNSIGNED, izf INT(5) ZEROFILL,"
                        + " flag TINYINT(1), b BOOL,"
                        + " dec_neg DECIMAL(40,20), dec_big DECIMAL(65,30), num NUMERIC(10,0), dec_zf DECIMAL(8,2) ZEROFILL,"
                        + " f FLOAT, d DOUBLE,"
                        + " c CHAR(10), vc VARCHAR(100), tx TEXT, lt LONGTEXT, l1 VARCHAR(20) CHARACTER SET latin1,"
                        + " e ENUM('small','large'), st SET('a','b','c'),"
                        + " bin BINARY(4), vb VARBINARY(10), bl BLOB,"
                        + " dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL, tm TIME(6), y YEAR, bt BIT(8), js JSON,"
                        + " b64 BIT(64), zero_d DATE, zero_dt DATETIME,"
                        + " dt0 DATETIME, dt3 DATETIME(3), ts0 TIMESTAMP NULL, js_text LONGTEXT) DEFAULT CHARSET utf8mb4",
                "INSERT INTO " + name + " VALUES (1, '2024-05-01 10:00:00.000001',"
                        + " 127, 32767, 8388607, 2147483647, 9223372036854775807,"
                        + " 255, 4294967295, 18446744073709551615, 42,"
                        + " 2, 1,"
                        + " -12345678901234567890.12345678901234567891,"
                        + " 99999999999999999999999999999999999.999999999999999999999999999999, 42, 1.5,"
                        + " 1.1, 0.1e0 + 0.2e0,"
                        + " 'abc', '" + EMOJI + "', 'line\\nbreak \\'quoted\\'', REPEAT('x', 70000), 'caf\u00e9',"
                        + " 'large', 'c,a',"
                        + " X'00FF0001', X'000102', X'00',"
                        + " '2024-02-29', '2024-03-10 02:30:00.123456', '2024-03-10 12:00:00.000001', '-838:59:59.5',"
                        + " 2155, b'10100101', '{\"a\": [1, 2.5], \"e\": \"\uD83D\uDE00\"}', b'" + "1".repeat(64) + "',"
                        + " '0000-00-00', '0000-00-00 00:00:00',"
                        + " '2024-03-10 02:30:00', '2024-03-10 02:30:00.120', '2024-03-10 12:00:00', '{\"a\": 1}')",
                "INSERT INTO " + name + " VALUES (2, '2024-05-01 10:00:00.000002',"
                        + " -128, -32768, -8388608, -2147483648, -9223372036854775808,"
                        + " 0, 0, 0, 0,"
                        + " -1, 0,"
                        + " -0.00000000000000000001,"
                        + " -0.000000000000000000000000000001, -9999999999, 0,"
                        + " 123456789, -1.7976931348623157e308,"
                        + " '', 'NULL', '', '', '',"
                        + " 'small', '',"
                        + " X'00000000', X'', X'',"
                        + " '1000-01-01', '1000-01-01 00:00:00', '1970-01-01 05:45:01', '838:59:59',"
                        + " 1901, b'0', '[]', b'1',"
                        + " '2024-05-01', '2024-05-01 00:00:00',"
                        + " '1000-01-01 00:00:00', '9999-12-31 23:59:59.999', '2038-01-19 08:59:07', '')",
                "INSERT INTO " + name + " (id, updated_at, biu, dec_neg, d) VALUES (3, '2024-05-01 10:00:00.000003',"
                        + " 9223372036854775808, 0.5, -0.0)",
                "INSERT INTO " + name + " (id, updated_at) VALUES (4, '2024-05-01 10:00:00.000004')",
                // Edge values of the forms built in SQL: the ends of each range, fractions of every length, zero
                // dates with a zero month or day, subnormal and extreme doubles.
                "INSERT INTO " + name + " (id, updated_at, vc, js, d, dt, dtm, ts, dt0, dt3, ts0) VALUES (5,"
                        + " '2024-05-01 10:00:00.1', 'a;b\\\\c\\\\;', '{\"a;\": \"\\\\\\\\;\"}',"
                        + " 4.9e-324, '0001-01-01', '0001-01-01 00:00:00.000001',"
                        + " '2038-01-19 08:59:07.999999', '0000-01-01 00:00:00', '2024-05-00 10:00:00.5',"
                        + " '1970-01-01 05:45:01')",
                "INSERT INTO " + name + " (id, updated_at, d, dt, dtm, ts, dt3) VALUES (6, '2024-05-01 10:00:00.12',"
                        + " 1.7976931348623157e308, '9999-12-31', '9999-12-31 23:59:59.999999', '2000-01-01 00:00:00.5',"
                        + " '2024-00-01 00:00:00')",
                "INSERT INTO " + name + " (id, updated_at, d, dt, dtm, ts) VALUES (7, '2024-05-01 10:00:00.123',"
                        + " 2.2250738585072014e-308, '2024-05-00', '2024-12-31 23:59:59.100000', '2024-12-31 23:59:59.010000')",
                "INSERT INTO " + name + " (id, updated_at, d, dtm) VALUES (8, '2024-05-01 10:00:00.123456', 1e23,"
                        + " '2024-01-01 00:00:00.000010')",
                "INSERT INTO " + name + " (id, updated_at, d) VALUES (9, '2024-05-01 10:00:01', 123456789012345680000)",
                "INSERT INTO " + name + " (id, updated_at) VALUES (99, '2024-06-01 00:00:00')");
    }

    /**
     * A TIMESTAMP(3) key, stored in UTC as 2024-01-01T08:00:00.5+00:00 (the server's padded fraction
     * without its trailing zeros): cut into ranges at that text and compared as the server's own value.
     */
    @Test
    void aTimestampKeyWithAFractionIsComparedAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (ts TIMESTAMP(3) NOT NULL PRIMARY KEY, updated_at DATETIME(6) NOT NULL,"
                + " v VARCHAR(20))");
        StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " VALUES ");
        String[] fractions = {"", ".001", ".1", ".12", ".123", ".5"};
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2024, 1, 1, 0, 0);
        for (int i = 0; i < 3000; i++) {
            sql.append(i == 0 ? "" : ", ").append("('").append(start.plusSeconds(i / 6).toString().replace('T', ' '))
                    .append(i / 6 % 60 == 0 ? ":00" : "").append(fractions[i % 6]).append("', '2024-01-01 00:00:00', 'v")
                    .append(i).append("')");
        }
        db.execute("SET SESSION time_zone = '+00:00'", sql.toString(),
                "INSERT INTO " + q(table) + " VALUES ('2030-01-01 00:00:00', '2024-03-01 00:00:00', 'newest')");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun equal = verify(config);
        assertEquals(0, equal.status, equal::toString);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE ts = '2024-01-01T00:01:40.12+00:00'",
                "UPDATE \"" + table + "\" SET v = 'edited' WHERE ts = '2024-01-01T00:01:40.5+00:00'");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("2024-01-01T00:01:40.12+00:00"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("2024-01-01T00:01:40.5+00:00"), keys(verdict, "different"), result::toString);
        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        CliRun after = verify(config);
        assertEquals(0, after.status, after::toString);
    }

    /**
     * A zero date, or one with a zero month or day, has no place among the dates' texts (the replica holds
     * NULL for it): a key that holds one is refused, naming the column and the value.
     */
    @Test
    void aDateKeyHoldingAZeroDateIsRefused() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (d DATE NOT NULL PRIMARY KEY, updated_at DATETIME(6) NOT NULL,"
                + " v VARCHAR(20))",
                "INSERT INTO " + q(table) + " VALUES ('2024-01-01', '2024-01-01 00:00:00', 'a'),"
                        + " ('2024-01-03', '2024-01-02 00:00:00', 'newest')");
        Path config = config(tableBlock(""));
        runOk(config);
        // Below the cursor, so that no run reads it first: verify still sees it among the source's rows.
        db.execute("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
                "INSERT INTO " + q(table) + " VALUES ('2024-01-00', '2023-01-01 00:00:00', 'zero day')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals("its key column d (date) holds 2024-01-00, outside the real dates (no zero date, no zero month"
                + " or day), where SQLite orders the stored texts as the source orders the values: verify cannot cut"
                + " such a key into ranges", verdict(result).get("error").getAsString(), result::toString);
    }

    @Override
    protected String singlePrecisionType() {
        return "FLOAT";
    }

    @Override
    protected String bytewiseTextKeyType() {
        return "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin";
    }

    @Override
    protected String insertMany(String name, int rows) {
        // A recursive CTE is capped at 1000 levels by default: a cross join of digits instead.
        String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
        return "INSERT INTO " + q(name) + " (id, updated_at, name) SELECT n, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL n"
                + " SECOND, CONCAT('row ', n) FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS n"
                + " FROM " + digits + " a, " + digits + " b, " + digits + " c, " + digits + " e, " + digits + " f) g"
                + " WHERE n <= " + rows;
    }

    /**
     * A key stored as text in SQLite that the source orders otherwise than by that text's bytes cannot
     * be cut into the same ranges on both sides: refused, with that reason (not "neither an integer nor a
     * text").
     */
    @Test
    void anUnsignedBigintKeyIsRefusedForItsOrder() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, updated_at DATETIME(6) NOT NULL)",
                "INSERT INTO " + q(table) + " VALUES (18446744073709551615, '2024-01-01 00:00:00'), (9, '2024-01-01 00:00:01')");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        String error = verdict(result).get("error").getAsString();
        assertTrue(error.startsWith("its key column id (bigint") && error.endsWith(") is stored as text, which SQLite orders"
                + " by its bytes and the source by its type's order: verify cannot cut such a key into ranges yet"),
                result::toString);
    }

    /**
     * A bigint unsigned key cannot be cut into ranges (above), but a table without a key whose watermark is
     * a bigint unsigned is verified by its rows, each named by that value: 2^63 and 2^64 - 1, which pass a
     * long, are told apart from 2^63 - 1 and from each other, and a repair reads again exactly the values
     * that hold missing rows (the twin of a row at 2^64 - 1 comes back once, the row at 2^63 - 1 is not
     * written twice).
     */
    @Test
    void aTableWithoutAKeyWhoseWatermarkPassesALongIsVerifiedAndRepairedExactly() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (seq BIGINT UNSIGNED NOT NULL, v VARCHAR(20))",
                "INSERT INTO " + q(table) + " VALUES (9223372036854775807, 'long max'), (9223372036854775808, 'half'),"
                        + " (18446744073709551615, 'top'), (18446744073709551615, 'top'), (7, 'small')");
        Path config = config(entry("\"watermark\": \"seq\""));
        runOk(config);
        CliRun equal = verify(config);
        assertEquals(0, equal.status, equal::toString);
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE seq = '9223372036854775808'",
                "DELETE FROM \"" + table + "\" WHERE rowid = (SELECT max(rowid) FROM \"" + table
                        + "\" WHERE seq = '18446744073709551615')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        assertEquals(List.of("9223372036854775808", "18446744073709551615"), keys(verdict(result), "missing"),
                result::toString);
        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        assertEquals(List.of(List.of("7", "small"), List.of("9223372036854775807", "long max"),
                        List.of("9223372036854775808", "half"), List.of("18446744073709551615", "top"),
                        List.of("18446744073709551615", "top")),
                ReplicaReader.query(replicaPath(), "SELECT seq, v FROM \"" + table + "\" ORDER BY length(seq), seq"));
        CliRun after = verify(config);
        assertEquals(0, after.status, after::toString);
    }

    /**
     * A row whose values' text passes the server's max_allowed_packet (16 MiB by default) cannot be
     * checksummed in SQL: MySQL's CONCAT gives NULL for it (with a warning only). Verify says so, naming
     * the row and the setting, instead of failing with a NullPointerException's words.
     */
    @Test
    void aRowTooLargeForMaxAllowedPacketIsNamedNotANullPointer() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (id INT NOT NULL PRIMARY KEY, updated_at DATETIME(6) NOT NULL,"
                + " body LONGTEXT, more LONGTEXT)",
                "INSERT INTO " + q(table) + " VALUES (1, '2024-01-01 00:00:00', REPEAT('x', 15 * 1024 * 1024),"
                        + " REPEAT('y', 3 * 1024 * 1024)), (2, '2024-01-01 00:00:01', 'small', 's')");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        String error = verdict(result).get("error").getAsString();
        assertTrue(error.contains("the row (1) is too large for the server to checksum")
                && error.contains("max_allowed_packet"), result::toString);
    }

    @Override
    protected String repeatedKeyCause() {
        return "MERGE";
    }

    @Override
    protected String otherServersRepeatedKeyCause() {
        return "FROM ONLY";
    }
}
