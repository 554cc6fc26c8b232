package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

class MysqlReconcileTest extends ReconcileBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }
}
