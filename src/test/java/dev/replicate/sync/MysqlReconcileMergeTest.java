package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

class MysqlReconcileMergeTest extends ReconcileMergeBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }
}
