package dev.replicate.faults;

/** The Reader fault scenarios against MySQL/MariaDB (skipped where this branch has no MySQL support). */
class MysqlReaderTest extends ReaderScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
