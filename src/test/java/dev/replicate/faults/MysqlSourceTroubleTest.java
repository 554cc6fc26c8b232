package dev.replicate.faults;

/** The SourceTrouble fault scenarios against MySQL/MariaDB (skipped where this branch has no MySQL support). */
class MysqlSourceTroubleTest extends SourceTroubleScenarios {
    @Override
    protected FaultDatabase createDatabase() {
        return MysqlFaultDatabase.create();
    }
}
