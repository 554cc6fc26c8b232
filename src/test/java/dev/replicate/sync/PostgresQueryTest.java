package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.util.List;

class PostgresQueryTest extends QueryBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    /** PostgresTypes' categories, each at least once, with a domain, an enum and a serial. */
    @Override
    protected List<List<String>> typedColumns() {
        db.execute("CREATE TYPE " + q(prefix + "mood") + " AS ENUM ('sad', 'ok')",
                "CREATE DOMAIN " + q(prefix + "money2") + " AS numeric(10,2)");
        return List.of(
                List.of("smallint", "-32768"), List.of("integer", "2147483647"), List.of("bigint", "-9223372036854775808"),
                List.of("serial", "7", "8"),
                List.of("numeric(12,3)", "123456789.120"), List.of("numeric", "'NaN'"),
                List.of("numeric", "12345678901234567890.123456789"), List.of(q(prefix + "money2"), "12.5"),
                List.of("real", "1.1"), List.of("double precision", "0.1"), List.of("boolean", "true"),
                List.of("text", "'it''s ✓'"), List.of("varchar(20)", "'v'"), List.of("char(3)", "'ab'"),
                List.of("bytea", "'\\x00ff'::bytea"), List.of("date", "'2024-02-29'"),
                List.of("timestamp(6)", "'2024-01-01 10:00:00.123456'"),
                List.of("timestamptz", "'2024-01-01 10:00:00.5+02'"), List.of("time", "'10:11:12'"),
                List.of("interval", "'1 day 2 hours'"), List.of("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
                List.of("jsonb", "'{\"a\": [1, 2]}'"), List.of("json", "'{\"b\":1}'"), List.of("integer[]", "'{1,2,NULL}'"),
                List.of("varchar(5)[]", "'{a,\"b c\"}'"), List.of("bit(3)", "B'101'"), List.of("varbit", "B'1'"),
                List.of("money", "12.34"), List.of("inet", "'10.0.0.1/8'"), List.of(q(prefix + "mood"), "'ok'"),
                List.of("xml", "'<a/>'"), List.of("point", "'(1,2)'"));
    }

    @Override
    protected List<String> writingFunction(String name, String side) {
        return List.of("CREATE FUNCTION " + q(name) + "() RETURNS integer LANGUAGE sql VOLATILE AS"
                + " 'INSERT INTO " + q(side).replace("'", "''") + " VALUES (1) RETURNING 1'");
    }
}
