package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.util.List;

class MysqlQueryTest extends QueryBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }

    /** MysqlTypes' categories, each at least once: signed and unsigned, enum and set, zero dates. */
    @Override
    protected List<List<String>> typedColumns() {
        return List.of(
                List.of("tinyint", "-128"), List.of("tinyint(1)", "2"), List.of("bool", "1"),
                List.of("tinyint unsigned", "255"), List.of("smallint", "-32768"), List.of("mediumint", "8388607"),
                List.of("int", "-2147483648"), List.of("int unsigned", "4294967295"),
                List.of("bigint", "-9223372036854775808"), List.of("bigint unsigned", "18446744073709551615"),
                List.of("decimal(12,3)", "123456789.120"), List.of("decimal(65,30) unsigned", "1.5"),
                List.of("float", "123456792"), List.of("double", "0.1"),
                List.of("char(3)", "'ab'"), List.of("varchar(20)", "'it''s ✓'"), List.of("text", "'t'"),
                List.of("longtext", "'l'"), List.of("binary(2)", "x'00ff'"), List.of("varbinary(8)", "x'01'"),
                List.of("blob", "x'02'"), List.of("date", "'2024-02-29'"), List.of("datetime(6)", "'2024-01-01 10:00:00.123456'"),
                List.of("timestamp(6) NULL", "'2024-01-01 10:00:00.5'"), List.of("time(3)", "'-838:59:59.000'"),
                List.of("year", "2024"), List.of("bit(1)", "b'1'"), List.of("bit(5)", "b'10101'"),
                List.of("bit(64)", "b'1111111111111111111111111111111111111111111111111111111111111111'"),
                List.of("enum('sad','ok')", "'ok'"), List.of("set('a','b')", "'a,b'"), List.of("json", "'{\"a\": [1, 2]}'"),
                List.of("geometry", "ST_GeomFromText('POINT(1 2)')"));
    }

    /**
     * MariaDB's json is a longtext with a check, which a table's reflection finds in the catalog; a
     * query's result says longtext, a text that can be a watermark (compared as the text it is).
     */
    @Override
    protected boolean sameWatermarkAbility(String type) {
        return !type.equals("json");
    }

    @Override
    protected List<String> writingFunction(String name, String side) {
        return List.of("CREATE FUNCTION " + q(name) + "() RETURNS INT MODIFIES SQL DATA NOT DETERMINISTIC"
                + " BEGIN INSERT INTO " + q(side) + " VALUES (1); RETURN 1; END");
    }
}
