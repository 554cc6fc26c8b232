package dev.replicate.faults;

/** The Overlap fault scenarios against MySQL/MariaDB (skipped where this branch has no MySQL support). */
class MysqlOverlapTest extends OverlapScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
