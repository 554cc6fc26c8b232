package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

class MysqlTableBatchTest extends TableBatchBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }
}
