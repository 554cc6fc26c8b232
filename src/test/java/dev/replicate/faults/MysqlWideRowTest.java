package dev.replicate.faults;

/** The wide-row scenarios against MySQL/MariaDB. */
class MysqlWideRowTest extends WideRowScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
