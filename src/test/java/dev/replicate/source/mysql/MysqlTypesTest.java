package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.RunPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every MySQL type with its edge values, replicated and checked value by value in SQLite: the
 * storage class (typeof) and the exact value. Surefire runs the JVM in America/St_Johns and the
 * process in Asia/Kathmandu, and the rows are inserted by a session at +05:45, so any value that
 * depended on a time zone would show it. Each table is run twice: after updates and a late row tied
 * at the last watermark, the second run must catch up exactly. Once per way of writing SQLite
 * (sqlite-jdbc's native methods or its JDBC batches), each on a database of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass
@EnumSource(value = RunPaths.class, names = {"DEFAULT", "SQLITE_JDBC"})
class MysqlTypesTest {
    /** The inserting session: not UTC, and MySQL sees zero dates only when the mode allows them. */
    private static final String SESSION = "SET SESSION time_zone = '+05:45'";
    private static final String ZERO_DATES_ALLOWED = "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'";

    private static final String COLUMNS = """
            id INT NOT NULL PRIMARY KEY,
            updated_at DATETIME(6) NOT NULL,
            ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT,
            tiu TINYINT UNSIGNED, iu INT UNSIGNED, biu BIGINT UNSIGNED,
            flag TINYINT(1), b BOOL,
            dec_neg DECIMAL(40,20), dec_big DECIMAL(65,30), num NUMERIC(10,0),
            f FLOAT, d DOUBLE,
            c CHAR(10), vc VARCHAR(100), tx TEXT, lt LONGTEXT,
            e ENUM('small','large'), st SET('a','b','c'),
            bin BINARY(4), vb VARBINARY(10), bl BLOB,
            dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL, tm TIME(6), y YEAR, bt BIT(8), js JSON, b64 BIT(64),
            zero_d DATE, zero_dt DATETIME""";

    private static final String EMOJI = "e\u0301 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD835\uDD1E n\u0303";

    private MysqlTestDatabase db;

    @Parameter
    RunPaths paths;

    private RunPaths.Switched switched;

    @TempDir
    Path dir;

    @BeforeParameterizedClassInvocation
    void createDatabase() {
        db = new MysqlTestDatabase();
    }

    @BeforeEach
    void switchPaths() {
        switched = paths.apply();
    }

    @AfterEach
    void switchBack() {
        switched.close();
    }

    @AfterParameterizedClassInvocation
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private void insert(String... statements) {
        List<String> all = new ArrayList<>(List.of(SESSION, ZERO_DATES_ALLOWED));
        all.addAll(List.of(statements));
        db.execute(all.toArray(String[]::new));
    }

    private Path config(String name, String table, String watermark) {
        return config(name, table, watermark, "");
    }

    private Path config(String name, String table, String watermark, String extra) {
        try {
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, "[" + db.sourceBlock("{\"name\": \"" + table.replace("\"", "\\\"")
                    + "\", \"watermark\": \"" + watermark + "\", \"target\": \"" + name + "\", \"pageSize\": 2"
                    + extra + "}") + "]");
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path replica(String name) {
        return dir.resolve(name + ".db");
    }

    private CliRun runOk(Path config, String name) {
        CliRun result = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica(name).toString());
        assertEquals(0, result.status, result::toString);
        return result;
    }

    /** typeof and value of one column of one row. */
    private List<Object> cell(String target, String column, int id) {
        return ReplicaReader.query(replica(target), "SELECT typeof(\"" + column + "\"), \"" + column + "\" FROM \""
                + target + "\" WHERE id = " + id).get(0);
    }

    private void assertCell(String target, int id, String column, String type, Object value) {
        List<Object> cell = cell(target, column, id);
        assertEquals(type, cell.get(0), () -> column + " of row " + id + " has the wrong storage class: " + cell);
        if (value instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) cell.get(1), () -> column + " of row " + id + ": "
                    + HexFormat.of().formatHex((byte[]) cell.get(1)));
        } else {
            assertEquals(value, cell.get(1), () -> column + " of row " + id);
        }
    }

    private String notes(String target) {
        return ReplicaReader.query(replica(target), "SELECT notes FROM _replicate_log ORDER BY id").stream()
                .map(row -> Objects.toString(row.get(0))).toList().toString();
    }

    @Test
    void everyTypeKeepsItsExactValueWhateverTheTimeZones() {
        db.execute("CREATE TABLE every_type (" + COLUMNS + ")");
        insert("INSERT INTO every_type VALUES (1, '2024-05-01 10:00:00.000001',"
                        + " 127, 32767, 8388607, 2147483647, 9223372036854775807,"
                        + " 255, 4294967295, 18446744073709551615,"
                        + " 2, 1,"
                        + " -12345678901234567890.12345678901234567891,"
                        + " 99999999999999999999999999999999999.999999999999999999999999999999, 42,"
                        + " 1.1, 0.1e0 + 0.2e0,"
                        + " 'abc', '" + EMOJI + "', 'line\\nbreak \\'quoted\\'', REPEAT('x', 70000),"
                        + " 'large', 'c,a',"
                        + " X'00FF0001', X'000102', X'00',"
                        + " '2024-02-29', '2024-03-10 02:30:00.123456', '2024-03-10 12:00:00.000001', '-838:59:59.5',"
                        + " 2155, b'10100101', '{\"a\": [1, 2.5], \"e\": \"\uD83D\uDE00\"}', b'" + "1".repeat(64) + "',"
                        + " '0000-00-00', '0000-00-00 00:00:00')",
                "INSERT INTO every_type VALUES (2, '2024-05-01 10:00:00.000002',"
                        + " -128, -32768, -8388608, -2147483648, -9223372036854775808,"
                        + " 0, 0, 0,"
                        + " -1, 0,"
                        + " -0.00000000000000000001,"
                        + " -0.000000000000000000000000000001, -9999999999,"
                        + " 123456789, -1.7976931348623157e308,"
                        + " '', '', '', '',"
                        + " 'small', '',"
                        + " X'00000000', X'', X'',"
                        + " '1000-01-01', '1000-01-01 00:00:00', '1970-01-01 05:45:01', '838:59:59',"
                        + " 1901, b'0', '[]', b'1',"
                        + " '2024-05-01', '2024-05-01 00:00:00')",
                "INSERT INTO every_type (id, updated_at) VALUES (3, '2024-05-01 10:00:00.000002')");
        Path config = config("every_type", "every_type", "updated_at");
        runOk(config, "every_type");
        checkRow1("every_type");
        checkRow2("every_type");
        checkNulls("every_type");
        String notes = notes("every_type");
        assertTrue(notes.contains("column zero_d holds zero dates such as 0000-00-00") && notes.contains("column zero_dt"), notes);

        // Second run: an update and a late row tied at the last watermark, with a smaller key.
        insert("UPDATE every_type SET vc = 'changed \uD83D\uDE80', updated_at = '2024-05-02 00:00:00' WHERE id = 2",
                "UPDATE every_type SET updated_at = '2024-05-02 00:00:00' WHERE id = 3",
                "INSERT INTO every_type (id, updated_at, biu, ts) VALUES (0, '2024-05-02 00:00:00', 18446744073709551614,"
                        + " '2038-01-19 08:59:07.999999')");
        runOk(config, "every_type");
        checkRow1("every_type");
        assertCell("every_type", 2, "vc", "text", "changed \uD83D\uDE80");
        assertCell("every_type", 2, "dec_neg", "text", "-0.00000000000000000001");
        assertCell("every_type", 0, "biu", "text", "18446744073709551614");
        assertCell("every_type", 0, "ts", "text", "2038-01-19T03:14:07.999999+00:00");
        assertEquals(4L, ReplicaReader.count(replica("every_type"), "every_type"));
        assertEquals("2024-05-02T00:00", ReplicaReader.single(replica("every_type"),
                "SELECT last_value FROM _replicate_watermarks"));
    }

    private void checkRow1(String t) {
        assertCell(t, 1, "updated_at", "text", "2024-05-01 10:00:00.000001");
        assertCell(t, 1, "ti", "integer", 127L);
        assertCell(t, 1, "si", "integer", 32767L);
        assertCell(t, 1, "mi", "integer", 8388607L);
        assertCell(t, 1, "i", "integer", 2147483647L);
        assertCell(t, 1, "bi", "integer", 9223372036854775807L);
        assertCell(t, 1, "tiu", "integer", 255L);
        assertCell(t, 1, "iu", "integer", 4294967295L);
        assertCell(t, 1, "biu", "text", "18446744073709551615");
        assertCell(t, 1, "flag", "integer", 2L);
        assertCell(t, 1, "b", "integer", 1L);
        assertCell(t, 1, "dec_neg", "text", "-12345678901234567890.12345678901234567891");
        assertCell(t, 1, "dec_big", "text", "99999999999999999999999999999999999.999999999999999999999999999999");
        assertCell(t, 1, "num", "text", "42");
        assertCell(t, 1, "f", "real", 1.1);
        assertCell(t, 1, "d", "real", 0.30000000000000004);
        assertCell(t, 1, "c", "text", "abc");
        assertCell(t, 1, "vc", "text", EMOJI);
        assertCell(t, 1, "tx", "text", "line\nbreak 'quoted'");
        assertCell(t, 1, "lt", "text", "x".repeat(70000));
        assertCell(t, 1, "e", "text", "large");
        assertCell(t, 1, "st", "text", "a,c");
        assertCell(t, 1, "bin", "blob", new byte[] {0, (byte) 0xFF, 0, 1});
        assertCell(t, 1, "vb", "blob", new byte[] {0, 1, 2});
        assertCell(t, 1, "bl", "blob", new byte[] {0});
        assertCell(t, 1, "dt", "text", "2024-02-29");
        // A wall-clock time that does not exist in St. John's (the clocks jump at 02:00 that night).
        assertCell(t, 1, "dtm", "text", "2024-03-10 02:30:00.123456");
        // Inserted at +05:45: the instant is 06:15 UTC.
        assertCell(t, 1, "ts", "text", "2024-03-10T06:15:00.000001+00:00");
        assertCell(t, 1, "tm", "text", "-838:59:59.5");
        assertCell(t, 1, "y", "integer", 2155L);
        assertCell(t, 1, "bt", "integer", 165L);
        assertCell(t, 1, "b64", "text", "18446744073709551615");
        assertCell(t, 1, "js", "text", "{\"a\": [1, 2.5], \"e\": \"\uD83D\uDE00\"}");
        assertCell(t, 1, "zero_d", "null", null);
        assertCell(t, 1, "zero_dt", "null", null);
    }

    private void checkRow2(String t) {
        assertCell(t, 2, "ti", "integer", -128L);
        assertCell(t, 2, "bi", "integer", Long.MIN_VALUE);
        assertCell(t, 2, "biu", "text", "0");
        assertCell(t, 2, "flag", "integer", -1L);
        assertCell(t, 2, "b", "integer", 0L);
        assertCell(t, 2, "dec_neg", "text", "-0.00000000000000000001");
        assertCell(t, 2, "dec_big", "text", "-0.000000000000000000000000000001");
        assertCell(t, 2, "num", "text", "-9999999999");
        // The float 123456792's shortest decimal, as PostgreSQL and Java 19+ print it (ShortestFloat); Java 17's
        // Float.toString printed 1.23456792E8, which an earlier release stored.
        assertCell(t, 2, "f", "real", 1.2345679E8);
        assertCell(t, 2, "d", "real", -1.7976931348623157e308);
        assertCell(t, 2, "c", "text", "");
        assertCell(t, 2, "st", "text", "");
        assertCell(t, 2, "bin", "blob", new byte[] {0, 0, 0, 0});
        assertCell(t, 2, "vb", "blob", new byte[0]);
        assertCell(t, 2, "dt", "text", "1000-01-01");
        assertCell(t, 2, "dtm", "text", "1000-01-01 00:00:00");
        assertCell(t, 2, "ts", "text", "1970-01-01T00:00:01+00:00");
        assertCell(t, 2, "tm", "text", "838:59:59");
        assertCell(t, 2, "y", "integer", 1901L);
        assertCell(t, 2, "bt", "integer", 0L);
        assertCell(t, 2, "js", "text", "[]");
        assertCell(t, 2, "b64", "text", "1");
        assertCell(t, 2, "zero_d", "text", "2024-05-01");
        assertCell(t, 2, "zero_dt", "text", "2024-05-01 00:00:00");
    }

    private void checkNulls(String t) {
        for (String column : List.of("ti", "biu", "flag", "dec_big", "f", "d", "vc", "e", "st", "bin", "bl", "dt",
                "dtm", "ts", "tm", "y", "bt", "js", "zero_d")) {
            assertCell(t, 3, column, "null", null);
        }
    }

    @Test
    void timestampWatermarksCompareToTheMicrosecondAsInstants() {
        db.execute("CREATE TABLE ts_mark (id INT PRIMARY KEY, changed TIMESTAMP(6) NOT NULL"
                + " DEFAULT CURRENT_TIMESTAMP(6), note VARCHAR(20))");
        insert("INSERT INTO ts_mark VALUES (5, '2024-03-10 12:00:00.000001', 'a'),"
                + " (6, '2024-03-10 12:00:00.000002', 'b')");
        Path config = config("ts_mark", "ts_mark", "changed");
        runOk(config, "ts_mark");
        assertEquals("2024-03-10T06:15:00.000002Z", ReplicaReader.single(replica("ts_mark"),
                "SELECT last_value FROM _replicate_watermarks"));
        // A late row tied at the last watermark, one a microsecond before it (missed: older than the
        // cursor, as documented), one a microsecond after.
        insert("INSERT INTO ts_mark VALUES (1, '2024-03-10 12:00:00.000002', 'tie'),"
                + " (2, '2024-03-10 12:00:00.000001', 'older'), (9, '2024-03-10 12:00:00.000003', 'newer')",
                "UPDATE ts_mark SET note = 'b2' WHERE id = 6");
        runOk(config, "ts_mark");
        assertEquals(List.of(List.of(1L, "2024-03-10T06:15:00.000002+00:00", "tie"),
                        List.of(5L, "2024-03-10T06:15:00.000001+00:00", "a"),
                        List.of(6L, "2024-03-10T06:15:00.000002+00:00", "b2"),
                        List.of(9L, "2024-03-10T06:15:00.000003+00:00", "newer")),
                ReplicaReader.query(replica("ts_mark"), "SELECT id, changed, note FROM ts_mark ORDER BY id"));
    }

    @Test
    void aLookbackOnATimestampWatermarkReachesBackToTheMicrosecond() {
        db.execute("CREATE TABLE lb_mark (id INT PRIMARY KEY, changed TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
        insert("INSERT INTO lb_mark VALUES (5, '2024-03-10 12:00:00.000005')");
        Path config = config("lb_mark", "lb_mark", "changed", ", \"lookback\": \"PT0.000001S\"");
        runOk(config, "lb_mark");
        insert("INSERT INTO lb_mark VALUES (4, '2024-03-10 12:00:00.000004'), (3, '2024-03-10 12:00:00.000003')");
        runOk(config, "lb_mark");
        assertEquals(List.of(List.of(4L), List.of(5L)),
                ReplicaReader.query(replica("lb_mark"), "SELECT id FROM lb_mark ORDER BY id"));
    }

    @Test
    void datetimeWatermarksCompareToTheMicrosecond() {
        db.execute("CREATE TABLE dt_mark (id INT PRIMARY KEY, changed DATETIME(6) NOT NULL, note VARCHAR(20))");
        insert("INSERT INTO dt_mark VALUES (5, '2024-03-10 02:30:00.000001', 'a'), (6, '2024-03-10 02:30:00.000002', 'b')");
        Path config = config("dt_mark", "dt_mark", "changed");
        runOk(config, "dt_mark");
        insert("INSERT INTO dt_mark VALUES (1, '2024-03-10 02:30:00.000002', 'tie'), (2, '2024-03-10 02:30:00.000001', 'older')");
        runOk(config, "dt_mark");
        assertEquals(List.of(List.of(1L, "tie"), List.of(5L, "a"), List.of(6L, "b")),
                ReplicaReader.query(replica("dt_mark"), "SELECT id, note FROM dt_mark ORDER BY id"));
        assertEquals("2024-03-10T02:30:00.000002", ReplicaReader.single(replica("dt_mark"),
                "SELECT last_value FROM _replicate_watermarks"));
    }

    @Test
    void unsignedBigintWatermarksKeepEveryDigit() {
        db.execute("CREATE TABLE big_mark (id INT PRIMARY KEY, seq BIGINT UNSIGNED NOT NULL)");
        insert("INSERT INTO big_mark VALUES (5, 18446744073709551614), (6, 18446744073709551615)");
        Path config = config("big_mark", "big_mark", "seq");
        runOk(config, "big_mark");
        assertEquals("18446744073709551615", ReplicaReader.single(replica("big_mark"),
                "SELECT last_value FROM _replicate_watermarks"));
        insert("INSERT INTO big_mark VALUES (1, 18446744073709551615), (2, 18446744073709551614)");
        runOk(config, "big_mark");
        assertEquals(List.of(List.of(1L, "18446744073709551615"), List.of(5L, "18446744073709551614"),
                        List.of(6L, "18446744073709551615")),
                ReplicaReader.query(replica("big_mark"), "SELECT id, seq FROM big_mark ORDER BY id"));
    }

    /**
     * A bigint unsigned key past a long (2^63, 2^64 - 1) is kept as its exact text from the first sync on,
     * beside 2^63 - 1 at the same watermark (the key orders them, as the server does), and a row changed
     * at the source replaces its own row, not a second one.
     */
    @Test
    void unsignedBigintKeysPastALongAreCopiedAndUpdatedExactly() {
        db.execute("CREATE TABLE big_key (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, updated_at DATETIME(6) NOT NULL,"
                + " v VARCHAR(10))");
        insert("INSERT INTO big_key VALUES (18446744073709551615, '2024-01-01 00:00:00', 'top'),"
                + " (9223372036854775808, '2024-01-01 00:00:00', 'half'), (9223372036854775807, '2024-01-01 00:00:00', 'max')");
        Path config = config("big_key", "big_key", "updated_at");
        runOk(config, "big_key");
        insert("UPDATE big_key SET v = 'top 2', updated_at = '2024-01-02 00:00:00' WHERE id = 18446744073709551615");
        insert("UPDATE big_key SET v = 'half 2', updated_at = '2024-01-02 00:00:00' WHERE id = 9223372036854775808");
        runOk(config, "big_key");
        assertEquals(List.of(List.of("9223372036854775807", "max"), List.of("9223372036854775808", "half 2"),
                        List.of("18446744073709551615", "top 2")),
                ReplicaReader.query(replica("big_key"), "SELECT id, v FROM big_key ORDER BY length(id), id"));
    }

    /** A ZEROFILL column's text is padded with zeros; the value stored is the number, as for any other. */
    @Test
    void zerofillNumbersArriveWithoutTheirPadding() {
        db.execute("CREATE TABLE zf (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL,"
                + " d DECIMAL(10,2) ZEROFILL, n BIGINT UNSIGNED ZEROFILL, i INT ZEROFILL)");
        insert("INSERT INTO zf VALUES (1, '2024-01-01 00:00:00', 12.5, 42, 7), (2, '2024-01-01 00:00:01', 0, 0, 0)");
        runOk(config("zf", "zf", "updated_at"), "zf");
        assertEquals(List.of(List.of(1L, "12.50", "42", 7L), List.of(2L, "0.00", "0", 0L)),
                ReplicaReader.query(replica("zf"), "SELECT id, d, n, i FROM zf ORDER BY id"));
    }

    @Test
    void decimalWatermarksCompareExactly() {
        db.execute("CREATE TABLE dec_mark (id INT PRIMARY KEY, version DECIMAL(40,20) NOT NULL)");
        insert("INSERT INTO dec_mark VALUES (5, 1.00000000000000000001), (6, 1.00000000000000000002)");
        Path config = config("dec_mark", "dec_mark", "version");
        runOk(config, "dec_mark");
        insert("INSERT INTO dec_mark VALUES (1, 1.00000000000000000002), (2, 1.00000000000000000001)");
        runOk(config, "dec_mark");
        assertEquals(List.of(List.of(1L, "1.00000000000000000002"), List.of(5L, "1.00000000000000000001"),
                        List.of(6L, "1.00000000000000000002")),
                ReplicaReader.query(replica("dec_mark"), "SELECT id, version FROM dec_mark ORDER BY id"));
    }

    @Test
    void zeroDatesInTheWatermarkAreStoredAsNullAndDoNotStopTheTable() {
        db.execute("CREATE TABLE zero_mark (id INT PRIMARY KEY, day DATE NOT NULL)");
        insert("INSERT INTO zero_mark VALUES (1, '0000-00-00'), (2, '2024-05-00'), (3, '2024-05-01')");
        Path config = config("zero_mark", "zero_mark", "day");
        runOk(config, "zero_mark");
        assertEquals(Arrays.asList(Arrays.asList(1L, null), Arrays.asList(2L, null), List.of(3L, "2024-05-01")),
                ReplicaReader.query(replica("zero_mark"), "SELECT id, day FROM zero_mark ORDER BY id"));
        assertTrue(notes("zero_mark").contains("zero date"), notes("zero_mark"));
        // MySQL's `day IS NULL` matches the zero date of a NOT NULL column; they are not NULL here.
        assertFalse(notes("zero_mark").contains("have NULL"), notes("zero_mark"));
        insert("INSERT INTO zero_mark VALUES (4, '2024-05-01')");
        runOk(config, "zero_mark");
        assertEquals(4L, ReplicaReader.count(replica("zero_mark"), "zero_mark"));
        assertEquals("2024-05-01", ReplicaReader.single(replica("zero_mark"), "SELECT last_value FROM _replicate_watermarks"));
    }

    /**
     * A zero date (0000-00-00, or 2024-05-00) reads as NULL, with a note: fine for a value, but in a
     * key column it failed the table with SQLite's bare "NOT NULL constraint failed", and two such keys
     * would be one. The table fails naming the column and the value, and what to do; the rows before it
     * stay, and a table whose key holds none is untouched.
     */
    @Test
    void aZeroDateInAKeyColumnFailsTheTableNamingItInsteadOfANotNullConstraint() {
        db.execute("CREATE TABLE zero_key (day DATE NOT NULL, n INT NOT NULL, updated_at DATETIME(6) NOT NULL,"
                + " PRIMARY KEY (day, n))");
        insert("INSERT INTO zero_key VALUES ('2024-05-01', 1, '2024-01-01 00:00:00')");
        Path config = config("zero_key", "zero_key", "updated_at");
        runOk(config, "zero_key");
        insert("INSERT INTO zero_key VALUES ('0000-00-00', 1, '2024-01-02 00:00:00'), ('2024-05-00', 1, '2024-01-02 00:00:00')");
        CliRun failed = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica("zero_key").toString());
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("a row came with no value (NULL) in the key column day")
                && failed.err.contains("zero dates such as 0000-00-00"), failed::toString);
        assertFalse(failed.err.contains("NOT NULL constraint"), failed::toString);
        assertEquals(1L, ReplicaReader.count(replica("zero_key"), "zero_key"));
    }

    /**
     * MySQL's latin1 is cp1252 with the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
     * 0x9D) mapped to the C1 controls of the same number. Java's windows-1252 decodes those five as
     * U+FFFD, so a text decoded by the driver rather than converted by the server lost them: five
     * different keys became one (rows lost), and verify found the values different for ever.
     */
    @Test
    void latin1TextsArriveAsTheServerConvertsThemEveryByteIncluded() {
        db.execute("CREATE TABLE l1 (k VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL PRIMARY KEY,"
                + " updated_at DATETIME(6) NOT NULL, v TEXT CHARACTER SET latin1)");
        StringBuilder every = new StringBuilder("X'");
        for (int b = 0x20; b <= 0xFF; b++) {
            every.append(String.format("%02X", b));
        }
        every.append('\'');
        insert("INSERT INTO l1 VALUES (X'4181', '2024-01-01 00:00:00', " + every + "),"
                + " (X'418D', '2024-01-01 00:00:00', X'8F'), (X'418F', '2024-01-01 00:00:01', X'90'),"
                + " (X'4190', '2024-01-01 00:00:02', X'9D'), (X'419D', '2024-01-01 00:00:03', NULL)");
        Path config = config("l1", "l1", "updated_at", ", \"primaryKey\": \"k\"");
        runOk(config, "l1");
        runOk(config, "l1");
        List<List<Object>> expected = new ArrayList<>();
        for (List<String> row : db.query("SELECT HEX(CONVERT(k USING utf8mb4)), HEX(CONVERT(v USING utf8mb4))"
                + " FROM l1 ORDER BY HEX(CONVERT(k USING utf8mb4))")) {
            expected.add(Arrays.asList(row.get(0), row.get(1)));
        }
        assertEquals(expected, ReplicaReader.query(replica("l1"),
                "SELECT hex(k), CASE WHEN v IS NULL THEN NULL ELSE hex(v) END FROM l1 ORDER BY hex(k)"));
        CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replica("l1").toString());
        assertEquals(0, verify.status, verify::toString);
    }

    /**
     * A server whose sql_mode has PAD_CHAR_TO_FULL_LENGTH (a DBA's global setting; here the session's,
     * as the connection starts with it) prints a CHAR padded to its length. The value is the same (MySQL
     * keeps a CHAR without its trailing spaces), but its text is not: a key read again with the mode on
     * was another key in SQLite (the row twice), and a row without a key got another identity.
     */
    @Test
    void charValuesArriveWithoutPaddingWhateverTheSqlMode() throws IOException {
        db.execute("CREATE TABLE padded (k CHAR(5) NOT NULL PRIMARY KEY, w INT NOT NULL, c CHAR(4))");
        insert("INSERT INTO padded VALUES ('ab', 1, 'x'), ('cd', 2, '')");
        Path config = config("padded", "padded", "w");
        runOk(config, "padded");
        String conn = db.conn();
        Files.writeString(config, Files.readString(config).replace(conn,
                conn + (conn.contains("?") ? "&" : "?") + "sessionVariables=sql_mode='PAD_CHAR_TO_FULL_LENGTH'"));
        runOk(config, "padded");
        assertEquals(List.of(List.of("ab", "x"), List.of("cd", "")),
                ReplicaReader.query(replica("padded"), "SELECT k, c FROM padded ORDER BY k"));
    }

    /**
     * An enum with '' among its members prints MySQL's error value (index 0, what a non-strict insert
     * stores for an invalid member) as '' too, and a set with a '' member prints the set holding only
     * it as the empty set. Those are other values at the source (two rows under a unique key) that
     * arrived alike (one row, the other lost): such a value fails its table, naming the column. Without
     * a '' member, or with '' but not such a value, the text is exact and arrives as before.
     */
    @Test
    void anEnumOrSetValueThatPrintsLikeAnotherFailsItsTable() throws IOException {
        db.execute("CREATE TABLE enum_e (e ENUM('', 'x') NOT NULL PRIMARY KEY, w INT NOT NULL,"
                + " s SET('a', '') NOT NULL, plain ENUM('p', 'q'))");
        insert("INSERT INTO enum_e VALUES ('', 1, '', 'bogus'), ('x', 1, 'a,', 'q')");
        Path config = config("enum_e", "enum_e", "w");
        runOk(config, "enum_e");
        assertEquals(List.of(List.of("", "", ""), List.of("x", "a,", "q")),
                ReplicaReader.query(replica("enum_e"), "SELECT e, s, plain FROM enum_e ORDER BY e"));

        insert("INSERT INTO enum_e VALUES ('bogus', 2, 'a', 'p')");
        CliRun errorValue = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db",
                replica("enum_e").toString());
        assertEquals(1, errorValue.status, errorValue::toString);
        assertTrue(errorValue.err.contains("the column e holds the error value of its enum"), errorValue::toString);

        db.execute("DELETE FROM enum_e WHERE w = 2");
        insert("UPDATE enum_e SET s = 2, w = 3 WHERE e = 'x'");
        CliRun onlyEmptyMember = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db",
                replica("enum_e").toString());
        assertEquals(1, onlyEmptyMember.status, onlyEmptyMember::toString);
        assertTrue(onlyEmptyMember.err.contains("the column s holds the set of its '' member alone"),
                onlyEmptyMember::toString);
        assertEquals(2L, ReplicaReader.count(replica("enum_e"), "enum_e"));
    }

    @Test
    void namesWithSpacesBackticksAndReservedWordsAreQuoted() {
        db.execute("CREATE TABLE `select ``odd`` table` (`order` INT PRIMARY KEY, `group by` DATETIME(6) NOT NULL,"
                + " `we``ird col` VARCHAR(10))");
        insert("INSERT INTO `select ``odd`` table` VALUES (1, '2024-01-01 00:00:00', 'x')");
        Path config = config("odd", "select `odd` table", "group by");
        runOk(config, "odd");
        runOk(config, "odd");
        assertEquals(List.of(List.of(1L, "2024-01-01 00:00:00", "x")),
                ReplicaReader.query(replica("odd"), "SELECT \"order\", \"group by\", \"we`ird col\" FROM odd"));
    }

    @Test
    void aTableInAnotherDatabaseIsNamedDatabaseDotTable() {
        db.execute("CREATE TABLE here (id INT PRIMARY KEY, at DATETIME NOT NULL)");
        insert("INSERT INTO here VALUES (1, '2024-01-01 00:00:00')");
        Path config = config("qualified", db.databaseName() + ".here", "at");
        runOk(config, "qualified");
        assertEquals(1L, ReplicaReader.count(replica("qualified"), "qualified"));
    }
}
