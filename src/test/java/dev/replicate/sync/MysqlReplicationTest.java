package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

/** The shared replication scenarios against MySQL or MariaDB. */
class MysqlReplicationTest extends ReplicationBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }
}
