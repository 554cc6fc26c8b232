package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

class MysqlRepairTest extends RepairBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }
}
