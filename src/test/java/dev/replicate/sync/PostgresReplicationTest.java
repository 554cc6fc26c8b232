package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

/** The shared replication scenarios against PostgreSQL. */
class PostgresReplicationTest extends ReplicationBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }
}
