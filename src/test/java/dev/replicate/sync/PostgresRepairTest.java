package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

class PostgresRepairTest extends RepairBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
