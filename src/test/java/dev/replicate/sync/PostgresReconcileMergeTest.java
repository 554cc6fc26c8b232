package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

class PostgresReconcileMergeTest extends ReconcileMergeBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
