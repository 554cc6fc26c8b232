package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

class PostgresReconcileTest extends ReconcileBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
