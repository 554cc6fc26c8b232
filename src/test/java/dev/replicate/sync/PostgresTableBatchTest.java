package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

class PostgresTableBatchTest extends TableBatchBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
