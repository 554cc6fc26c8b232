package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

/** What a full table must not do silently, against PostgreSQL. */
class PostgresFullTableSafetyTest extends FullTableSafetyBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
