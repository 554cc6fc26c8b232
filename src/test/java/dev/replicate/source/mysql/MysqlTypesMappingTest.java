package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.mysql.MysqlTypes.Category;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The type table, from information_schema's DATA_TYPE and COLUMN_TYPE as MySQL 8 and MariaDB show them. */
class MysqlTypesMappingTest {

    private static void assertColumn(String dataType, String columnType, SqliteType sqlite, WatermarkKind kind) {
        SourceColumn column = MysqlTypes.column("c", dataType, columnType);
        assertEquals(sqlite, column.sqliteType(), columnType);
        assertEquals(Optional.ofNullable(kind), column.watermarkKind(), columnType);
        assertEquals(columnType, column.sourceType());
    }

    @Test
    void integersAreIntegersExceptUnsignedBigint() {
        assertColumn("tinyint", "tinyint(4)", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("tinyint", "tinyint(1)", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("tinyint", "tinyint(3) unsigned", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("smallint", "smallint unsigned zerofill", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("mediumint", "mediumint(9)", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("int", "int(10) unsigned", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("bigint", "bigint(20)", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("bigint", "bigint", SqliteType.INTEGER, WatermarkKind.INTEGER);
        assertColumn("bigint", "bigint(20) unsigned", SqliteType.TEXT, WatermarkKind.DECIMAL);
        assertColumn("bigint", "bigint unsigned", SqliteType.TEXT, WatermarkKind.DECIMAL);
        assertColumn("bigint", "BIGINT(20) UNSIGNED ZEROFILL", SqliteType.TEXT, WatermarkKind.DECIMAL);
    }

    @Test
    void exactAndApproximateNumbers() {
        assertColumn("decimal", "decimal(65,30)", SqliteType.TEXT, WatermarkKind.DECIMAL);
        assertColumn("decimal", "decimal(10,0) unsigned", SqliteType.TEXT, WatermarkKind.DECIMAL);
        assertColumn("float", "float", SqliteType.REAL, null);
        assertColumn("float", "float(7,3)", SqliteType.REAL, null);
        assertColumn("double", "double", SqliteType.REAL, null);
        assertEquals(Category.FLOAT, MysqlTypes.category("float unsigned"));
        assertEquals(Category.DOUBLE, MysqlTypes.category("double(16,4)"));
    }

    @Test
    void textBinaryAndTheRest() {
        assertColumn("varchar", "varchar(100)", SqliteType.TEXT, WatermarkKind.TEXT);
        assertColumn("char", "char(10)", SqliteType.TEXT, WatermarkKind.TEXT);
        assertColumn("longtext", "longtext", SqliteType.TEXT, WatermarkKind.TEXT);
        assertColumn("enum", "enum('a','b c')", SqliteType.TEXT, null);
        assertColumn("set", "set('x','y')", SqliteType.TEXT, null);
        assertColumn("json", "json", SqliteType.TEXT, null);
        assertColumn("binary", "binary(16)", SqliteType.BLOB, null);
        assertColumn("varbinary", "varbinary(10)", SqliteType.BLOB, null);
        assertColumn("blob", "blob", SqliteType.BLOB, null);
        assertColumn("longblob", "longblob", SqliteType.BLOB, null);
        assertColumn("uuid", "uuid", SqliteType.TEXT, null);
        assertColumn("point", "point", SqliteType.TEXT, null);
        assertEquals(Category.SPATIAL, MysqlTypes.category("geometry"));
    }

    @Test
    void datesAndTimes() {
        assertColumn("date", "date", SqliteType.TEXT, WatermarkKind.DATE);
        assertColumn("datetime", "datetime(6)", SqliteType.TEXT, WatermarkKind.TIMESTAMP);
        assertColumn("timestamp", "timestamp(3)", SqliteType.TEXT, WatermarkKind.TIMESTAMPTZ);
        assertColumn("time", "time(6)", SqliteType.TEXT, null);
        assertColumn("year", "year(4)", SqliteType.INTEGER, WatermarkKind.INTEGER);
    }

    @Test
    void bitsAreIntegersUpToSixtyThreeAndDecimalTextAtSixtyFour() {
        assertColumn("bit", "bit(1)", SqliteType.INTEGER, null);
        assertColumn("bit", "bit(63)", SqliteType.INTEGER, null);
        assertColumn("bit", "bit(64)", SqliteType.TEXT, null);
        assertEquals(Category.BIT, MysqlTypes.category("bit"));
    }

    @Test
    void timesKeepTheirSignAndHoursAndLoseTrailingZeros() {
        assertEquals("-838:59:59.5", MysqlTemporalText.time("-838:59:59.500000"));
        assertEquals("12:34:56.789", MysqlTemporalText.time("12:34:56.789000"));
        assertEquals("00:00:00", MysqlTemporalText.time("00:00:00.000000"));
        assertEquals("01:02:03", MysqlTemporalText.time("1:02:03"));
        assertEquals("-00:00:01", MysqlTemporalText.time("-00:00:01"));
    }

    @Test
    void watermarkLiteralsKeepMicrosecondsAndStayParseable() {
        assertEquals("2024-03-10 02:30:00.000001",
                MysqlTemporalText.literal(java.time.LocalDateTime.of(2024, 3, 10, 2, 30, 0, 1000)));
        assertEquals("2024-03-10 02:30:00", MysqlTemporalText.literal(java.time.LocalDateTime.of(2024, 3, 10, 2, 30)));
        assertEquals("0000-01-01 00:00:00", MysqlTemporalText.literal(java.time.LocalDateTime.of(-5, 1, 1, 0, 0)));
        assertEquals("0000-01-01", MysqlTemporalText.literal(LocalDate.of(-1, 12, 31)));
        assertEquals("0999-02-03", MysqlTemporalText.literal(LocalDate.of(999, 2, 3)));
    }

    @Test
    void zeroDatesAreRecognisedAndFloorToTheLastRealDateBefore() {
        assertTrue(MysqlTemporalText.isZeroDate(bytes("0000-00-00")));
        assertTrue(MysqlTemporalText.isZeroDate(bytes("0000-00-00 00:00:00")));
        assertTrue(MysqlTemporalText.isZeroDate(bytes("2024-05-00")));
        assertTrue(MysqlTemporalText.isZeroDate(bytes("2024-00-00 10:00:00.5")));
        assertTrue(MysqlTemporalText.isZeroDate(bytes("2024-05-00 00:00:00")));
        assertTrue(MysqlTemporalText.isZeroDate(bytes("2024-00-01")));
        assertFalse(MysqlTemporalText.isZeroDate(bytes("2024-01-10 00:00:00.000000")));
        assertFalse(MysqlTemporalText.isZeroDate(bytes("0000-01-01")));
        assertFalse(MysqlTemporalText.isZeroDate(bytes("2024-05-01 00:00:00")));
        assertEquals(LocalDate.of(0, 1, 1), MysqlTemporalText.floorDate(bytes("0000-00-00")));
        assertEquals(LocalDate.of(2024, 4, 30), MysqlTemporalText.floorDate(bytes("2024-05-00")));
        assertEquals(LocalDate.of(2023, 12, 31), MysqlTemporalText.floorDate(bytes("2024-00-00")));
        assertEquals(LocalDate.of(2024, 2, 29), MysqlTemporalText.floorDate(bytes("2024-03-00 12:00:00")));
    }

    @Test
    void anEmptyMemberIsFoundWhereverItStandsAndOnlyThere() {
        assertTrue(MysqlTypes.hasEmptyMember("enum('','x')"));
        assertTrue(MysqlTypes.hasEmptyMember("set('a','')"));
        assertTrue(MysqlTypes.hasEmptyMember("enum('a''','','b')"));
        assertFalse(MysqlTypes.hasEmptyMember("enum('a','b')"));
        assertFalse(MysqlTypes.hasEmptyMember("enum('''','x,'',')"), "quotes and commas inside members");
        assertFalse(MysqlTypes.hasEmptyMember("enum(' ')"));
        assertFalse(MysqlTypes.hasEmptyMember("varchar(10)"));
        assertFalse(MysqlTypes.hasEmptyMember("text"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
