package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

/** What a full table must not do silently, against MySQL/MariaDB. */
class MysqlFullTableSafetyTest extends FullTableSafetyBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }
}
