package dev.replicate.sync;

import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.TestDatabase;

class MysqlTargetKeyedStateTest extends TargetKeyedStateScenarios {
    @Override
    protected TestDatabase createDatabase() {
        return new MysqlTestDatabase();
    }

    @Override
    protected String fixtureName() {
        return "mysql";
    }
}
