package dev.replicate.sync;

import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;

class PostgresTargetKeyedStateTest extends TargetKeyedStateScenarios {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    @Override
    protected String fixtureName() {
        return "postgres";
    }
}
