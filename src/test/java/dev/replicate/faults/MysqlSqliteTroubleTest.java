package dev.replicate.faults;

/** The SqliteTrouble fault scenarios against MySQL/MariaDB (skipped where this branch has no MySQL support). */
class MysqlSqliteTroubleTest extends SqliteTroubleScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
